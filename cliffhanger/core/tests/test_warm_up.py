"""The gunicorn master compiles our templates before forking, so workers share them."""

from django.template import engines

from cliffhanger.core.warm_up import compile_shared_state, our_template_names


def test_every_template_of_ours_is_compiled_and_cached():
    names = our_template_names()
    assert "base.html" in names and "newsroom/article_page.html" in names

    compiled = compile_shared_state()

    assert compiled == len(names)
    cached_loader = engines["django"].engine.template_loaders[0]
    assert set(names) <= set(cached_loader.get_template_cache)
