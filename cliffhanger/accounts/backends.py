"""
Signing in as Django does, with one difference: a signed-in request's user
comes with their Reader profile in the same query, since nearly every page a
reader sees asks for it (the comment form's "Commenting as …").
"""

from django.contrib.auth.backends import ModelBackend, UserModel


class ReaderBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related("reader").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
