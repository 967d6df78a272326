from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "cliffhanger.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from cliffhanger.accounts import personal_data as accounts_data
        from cliffhanger.accounts import restrictions as accounts_restrictions
        from cliffhanger.core.permissions import grant_after_migrate
        from cliffhanger.core.scheduler_jobs import job_register
        from cliffhanger.core.slots import slot_add

        from . import cache_rules, comment_section, jobs, personal_data, selectors
        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        cache_rules.connect()
        accounts_restrictions.register(selectors.account_profile_block_reason)
        accounts_data.register(
            "discussion",
            export=personal_data.discussion_data_export,
            erase=personal_data.discussion_data_erase,
        )
        slot_add("article.after_author", comment_section.article_discussion)
        slot_add("account.sections", "discussion/includes/account_section.html")
        # A reader's public profile, /readers/<public_id>/: public data only.
        slot_add("profile.sections", "discussion/includes/profile_section.html")
        job_register(jobs.moderation_digest_enqueue)
