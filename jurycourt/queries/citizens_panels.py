"""Reading citizens' panels: what the public, the panel's members and its coordinators may each see.

The public sees a panel's title, question, state, timetable, the published commitment and (after the draw)
the announced value, the seed and the draw's pseudonymised record, never a volunteer's name. Members see
their panel's members. Coordinators of the program see everything, the pool and the draws included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.functions import Count

from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.citizens_assembly import Replacement, seed_expression
from jurycourt.domain.citizens_panels import DrawStatus, VolunteerStatus
from jurycourt.domain.draw_record import is_published_form, public_record
from jurycourt.domain.panels import PanelKind
from jurycourt.models import (
    CitizensPanel,
    CitizensPanelSession,
    Draw,
    Hearing,
    Panel,
    PanelQuota,
    PanelRecommendation,
    PublishedCommitment,
    SessionEvidence,
    Volunteer,
)
from jurycourt.queries.citizens_assembly import commitments, replacements


@dataclass
class PanelView:
    panel: Panel
    citizens: CitizensPanel
    role: str  # "coordinator", "member" or "public"
    sessions: list[Hearing]
    categories: list[rules.Category]
    last_draw: Draw | None = None
    members: list[Volunteer] = field(default_factory=list)
    reserves: list[Volunteer] = field(default_factory=list)
    pool_size: int = 0
    households: int = 0
    quotas: list[PanelQuota] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    draws: list[Draw] = field(default_factory=list)
    recommendations: list[tuple[PanelRecommendation, str, bool]] = field(default_factory=list)  # (r, "87%", adopted)
    session_ids: dict[int, int] = field(default_factory=dict)  # hearing id → panel session id
    evidence_counts: dict[int, int] = field(default_factory=dict)  # panel session id → pieces of evidence
    commitments: list[PublishedCommitment] = field(default_factory=list)  # every one published, in public
    replacements: list[Replacement] = field(default_factory=list)

    @property
    def status(self) -> rules.CitizensPanelStatus:
        return rules.CitizensPanelStatus(self.panel.status)

    @property
    def seed_formula(self) -> str:
        """The draw's seed formula with its values, exactly as the software computes it (paste into Python)."""
        if self.last_draw is None:
            return ""
        return seed_expression(self.last_draw.commitment, self.last_draw.announced)

    @property
    def record_published(self) -> bool:
        """Whether the public may download the draw's inputs and record (drawn with pseudonymised inputs)."""
        return self.last_draw is not None and is_published_form(self.last_draw.inputs)


async def citizens_panels(viewer: Viewer) -> list[Panel]:
    """Every citizens' panel (their titles and questions are public), newest first, at most 100."""
    return await Panel.filter(kind=PanelKind.CITIZENS).order_by("-created_at").limit(100)


async def _panel(panel_id: int) -> tuple[Panel, CitizensPanel]:
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None:
        raise NotFound()
    return panel, await CitizensPanel.get(panel_id=panel.id)


async def _role(viewer: Viewer, panel: Panel) -> str:
    if coordinates(viewer, panel.program_id):
        return "coordinator"
    if viewer.person_id and await Volunteer.exists(panel_id=panel.id, person_id=viewer.person_id,
                                                   status=VolunteerStatus.SELECTED):
        return "member"
    return "public"


async def sitting_role(viewer: Viewer, panel_id: int) -> tuple[Panel, str]:
    """The panel and the viewer's role on it ("coordinator" or "member"), for what only its members and its
    program's coordinators see: the evidence, the deliberation, the drafts. NotFound for everyone else."""
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None:
        raise NotFound()
    role = await _role(viewer, panel)
    if role == "public":
        raise NotFound()
    return panel, role


async def panel_view(viewer: Viewer, panel_id: int) -> PanelView:
    """The panel page as this viewer may see it."""
    panel, citizens = await _panel(panel_id)
    role = await _role(viewer, panel)
    links = dict(await CitizensPanelSession.filter(panel_id=panel.id).values_list("hearing_id", "id"))
    sessions = await Hearing.filter(id__in=list(links)).order_by("starts_at").select_related("room")
    view = PanelView(panel, citizens, role, sessions, rules.categories_from_json(citizens.categories))
    view.session_ids = links
    done = Draw.filter(panel_id=panel.id, purpose="draw", status=DrawStatus.DONE)
    view.last_draw = await done.order_by("-id").first()
    view.pool_size = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.POOL).count()
    view.commitments = await commitments(panel.id)
    view.replacements = await replacements(panel.id)
    if role in ("coordinator", "member"):
        view.members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).order_by("name")
        view.evidence_counts = await evidence_counts(list(links.values()))
        for r in await PanelRecommendation.filter(panel_id=panel.id).order_by("id"):
            share = rules.support_share(r.votes_for, r.votes_against) if r.voted_at else None
            view.recommendations.append((r, rules.percent_text(share) if share is not None else "",
                                         share is not None and rules.adopted(share)))
    if role == "coordinator":
        await _coordinator_details(view)
    return view


async def evidence_counts(session_ids: list[int]) -> dict[int, int]:
    """How many pieces of evidence each of these sessions holds, in one query."""
    if not session_ids:
        return {}
    rows = await SessionEvidence.filter(session_id__in=session_ids).annotate(n=Count("id")).group_by(
        "session_id").values_list("session_id", "n")
    return dict(rows)


async def _coordinator_details(view: PanelView) -> None:
    panel_id = view.panel.id
    view.reserves = await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.RESERVE).order_by("reserve_rank")
    view.quotas = await PanelQuota.filter(panel_id=panel_id).order_by("id")
    pool = [rules.PoolMember(str(v["id"]), v["answers"], v["household"]) for v in
            await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.POOL).values("id", "answers", "household")]
    view.households = len({m.household for m in pool})
    view.counts = rules.pool_counts(view.categories, pool)
    quotas = [rules.Quota(q.category, q.value, q.min, q.max) for q in view.quotas]
    view.problems = rules.feasibility_problems(view.citizens.size, view.categories, quotas, pool)
    view.draws = await Draw.filter(panel_id=panel_id).order_by("-created_at").limit(10)


@dataclass
class DrawView:
    panel: Panel
    citizens: CitizensPanel
    draw: Draw
    names: dict[str, str]  # draw reference → name, for the coordinator's page only
    verifies: Draw | None = None

    @property
    def active(self) -> bool:
        return self.draw.status in (DrawStatus.QUEUED, DrawStatus.RUNNING)


async def draw_view(viewer: Viewer, panel_id: int, draw_id: int) -> DrawView:
    """A draw's state, progress and result: coordinators of the panel's program only."""
    panel, citizens = await _panel(panel_id)
    if not coordinates(viewer, panel.program_id):
        raise NotFound()
    draw = await Draw.get_or_none(id=draw_id, panel_id=panel.id)
    if draw is None:
        raise NotFound()
    names: dict[str, str] = {}
    if draw.status == DrawStatus.DONE and draw.purpose != "check":
        refs = [str(r) for r in draw.result.get("probabilities", {})]
        names = {v["draw_ref"]: v["name"] or v["reference"] for v in await Volunteer.filter(
            panel_id=panel.id, draw_ref__in=refs).values("draw_ref", "name", "reference")}
    verifies = await Draw.get_or_none(id=draw.verifies_id) if draw.verifies_id else None
    return DrawView(panel, citizens, draw, names, verifies)


async def published_draw(panel_id: int) -> tuple[Panel, Draw]:
    """The panel's done draw whose pseudonymised inputs and result anyone may download (NotFound before
    the draw, and for a draw stored before inputs were pseudonymised)."""
    panel, _ = await _panel(panel_id)
    draw = await Draw.filter(panel_id=panel.id, purpose="draw", status=DrawStatus.DONE).order_by("-id").first()
    if draw is None or not is_published_form(draw.inputs):
        raise NotFound()
    return panel, draw


async def published_record(panel_id: int, source_url: str = "") -> tuple[Panel, dict]:
    """The record of the panel's draw that anyone may download and re-run: inputs, seed, result and the
    replacements of members who dropped out, with how to run the verifier from ``source_url``."""
    panel, draw = await published_draw(panel_id)
    done = [r.as_record() for r in await replacements(panel.id)] if draw.commitment else []
    return panel, public_record(draw.inputs, draw.commitment, draw.announced, draw.seed, draw.result, done,
                                source_url)


async def volunteer_form_panel(panel_id: int) -> tuple[Panel, CitizensPanel]:
    """The panel whose public volunteer form is asked for (any visitor)."""
    return await _panel(panel_id)


async def quotas_of(panel: Panel) -> list[PanelQuota]:
    """The panel's quotas (``panel`` from an access-checked read), in the order they were set."""
    return await PanelQuota.filter(panel_id=panel.id).order_by("id")
