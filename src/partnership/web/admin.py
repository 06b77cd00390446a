"""Django's admin, for administrators only: accounts, partnerships and who holds which role."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import GlossaryTerm, Partnership, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1
    filter_horizontal = ["groups"]


@admin.register(User)
class PartnershipUserAdmin(UserAdmin):
    inlines = [UserRoleInline]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "meaning", "partnership"]
    list_filter = ["partnership"]


# Only administrators (superusers) may use the admin, whatever their staff flag says.
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and request.user.is_superuser
)
