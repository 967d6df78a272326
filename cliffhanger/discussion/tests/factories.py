from cliffhanger.discussion.services import comment_create


def make_comment(article, *, parent=None, body="A fair point.", name="Reader", **extra):
    """Comments go through the service, so counts and numbering stay real."""
    return comment_create(
        article=article, parent=parent, body=body, author_name=name, **extra
    )
