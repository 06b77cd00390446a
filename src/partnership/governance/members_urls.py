"""A group's members, posts and register of interests, under /p/<partnership>/groups/.
Every path starts with <int:group>/members/, beside the group's own pages."""

from django.urls import path

from . import people_views as views

app_name = "members"

M = "<int:group>/members/"
ONE = M + "<int:membership>/"
POST = M + "posts/<int:post>/"

urlpatterns = [
    path(M, views.MembersView.as_view(), name="current"),
    path(M + "past/", views.PastMembersView.as_view(), name="past"),
    path(M + "register/", views.RegisterView.as_view(), name="register"),
    path(M + "new/", views.MembershipCreateView.as_view(), name="membership_create"),
    path(ONE + "edit/", views.MembershipEditView.as_view(), name="membership_edit"),
    path(ONE + "end/", views.MembershipEndView.as_view(), name="membership_end"),
    path(ONE + "replace/", views.MembershipReplaceView.as_view(), name="membership_replace"),
    path(M + "posts/new/", views.PostCreateView.as_view(), name="post_create"),
    path(POST + "edit/", views.PostEditView.as_view(), name="post_edit"),
    path(POST + "delete/", views.PostDeleteView.as_view(), name="post_delete"),
]
