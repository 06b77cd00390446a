from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "partnership.governance"
    label = "governance"
    verbose_name = "Governance"
