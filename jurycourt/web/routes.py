"""Every route of jurycourt, in one explicit, named list."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from jurycourt.settings import ROOT
from jurycourt.web.views import attendance, calendar, calendar_files, links, me, outbox, people, public, seating, signin
from jurycourt.web.views import availability as availability_views
from jurycourt.web.views import conflicts as conflict_views


def routes() -> list[BaseRoute]:
    return [
        Route("/", public.home, name="home"),
        Route("/healthz", public.healthz, name="healthz"),
        Route("/login", signin.login_form, methods=["GET"], name="login"),
        Route("/login", signin.login, methods=["POST"], name="login_post"),
        Route("/logout", signin.logout, methods=["POST"], name="logout"),
        Route("/me", me.me, name="me"),
        Route("/me/password", me.password_form, methods=["GET"], name="password"),
        Route("/me/password", me.password, methods=["POST"], name="password_post"),
        Route("/me/availability", availability_views.availability, methods=["GET"], name="my_availability"),
        Route("/me/availability", availability_views.add_availability, methods=["POST"], name="my_availability_post"),
        Route("/me/availability/{availability_id:int}/delete", availability_views.delete_availability,
              methods=["POST"], name="my_availability_delete"),
        Route("/welcome/{token}", links.link_form, methods=["GET"], name="welcome"),
        Route("/welcome/{token}", links.use_link, methods=["POST"], name="welcome_post"),
        Route("/reset/{token}", links.link_form, methods=["GET"], name="reset"),
        Route("/reset/{token}", links.use_link, methods=["POST"], name="reset_post"),
        Route("/people", people.people, name="people"),
        Route("/people/new", people.new_person_form, methods=["GET"], name="person_new"),
        Route("/people/new", people.new_person, methods=["POST"], name="person_new_post"),
        Route("/people/{person_id:int}", people.person, name="person"),
        Route("/people/{person_id:int}/edit", people.edit_person_form, methods=["GET"], name="person_edit"),
        Route("/people/{person_id:int}/edit", people.edit_person, methods=["POST"], name="person_edit_post"),
        Route("/people/{person_id:int}/memberships", people.add_membership, methods=["POST"],
              name="membership_add"),
        Route("/people/{person_id:int}/memberships/{membership_id:int}/status", people.membership_status,
              methods=["POST"], name="membership_status"),
        Route("/people/{person_id:int}/links", people.issue_access_link, methods=["POST"], name="link_issue"),
        Route("/people/{person_id:int}/availability", availability_views.availability, methods=["GET"],
              name="person_availability"),
        Route("/people/{person_id:int}/availability", availability_views.add_availability, methods=["POST"],
              name="person_availability_post"),
        Route("/people/{person_id:int}/availability/{availability_id:int}/delete",
              availability_views.delete_availability, methods=["POST"], name="person_availability_delete"),
        Route("/people/{person_id:int}/conflicts", conflict_views.add_conflict, methods=["POST"], name="conflict_add"),
        Route("/people/{person_id:int}/conflicts/{conflict_id:int}/delete", conflict_views.delete_conflict,
              methods=["POST"], name="conflict_delete"),
        Route("/people/{person_id:int}/affiliations", conflict_views.add_affiliation, methods=["POST"],
              name="affiliation_add"),
        Route("/people/{person_id:int}/affiliations/{affiliation_id:int}/delete", conflict_views.delete_affiliation,
              methods=["POST"], name="affiliation_delete"),
        Route("/calendar", calendar.calendar, name="calendar"),
        Route("/rooms", calendar.rooms, methods=["GET"], name="rooms"),
        Route("/rooms", calendar.new_room, methods=["POST"], name="room_new"),
        Route("/hearings/new", calendar.new_hearing_form, methods=["GET"], name="hearing_new"),
        Route("/hearings/new", calendar.new_hearing, methods=["POST"], name="hearing_new_post"),
        Route("/hearings/{hearing_id:int}", calendar.hearing, name="hearing"),
        Route("/hearings/{hearing_id:int}/edit", calendar.edit_hearing_form, methods=["GET"], name="hearing_edit"),
        Route("/hearings/{hearing_id:int}/edit", calendar.edit_hearing, methods=["POST"], name="hearing_edit_post"),
        Route("/hearings/{hearing_id:int}/status", calendar.hearing_status, methods=["POST"], name="hearing_status"),
        Route("/hearings/{hearing_id:int}/seats/propose", seating.propose, methods=["POST"], name="seats_propose"),
        Route("/hearings/{hearing_id:int}/seats/swap", seating.swap, methods=["POST"], name="seats_swap"),
        Route("/hearings/{hearing_id:int}/seats/fill", seating.fill, methods=["POST"], name="seats_fill"),
        Route("/hearings/{hearing_id:int}/seats/confirm", seating.confirm, methods=["POST"], name="seats_confirm"),
        Route("/hearings/{hearing_id:int}/proposals/{proposal_id:int}", seating.proposal, name="proposal"),
        Route("/hearings/{hearing_id:int}/attendance", attendance.attendance, methods=["GET"], name="attendance"),
        Route("/hearings/{hearing_id:int}/attendance/{seat_id:int}", attendance.tap, methods=["POST"],
              name="attendance_tap"),
        Route("/seats/{seat_id:int}/answer", seating.answer, methods=["POST"], name="seat_answer"),
        Route("/hearings/{hearing_id:int}/calendar.ics", calendar_files.hearing_ics, name="hearing_ics"),
        Route("/calendar/feed/{token}.ics", calendar_files.feed_ics, name="calendar_feed"),
        Route("/me/calendar-feed", calendar_files.new_feed, methods=["POST"], name="calendar_feed_new"),
        Route("/me/calendar-feed/stop", calendar_files.stop_feed, methods=["POST"], name="calendar_feed_stop"),
        Route("/outbox", outbox.outbox, name="outbox"),
        Mount("/static", app=StaticFiles(directory=ROOT / "static", check_dir=False), name="static"),
    ]
