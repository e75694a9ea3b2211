"""What the stored runs of a panel's draw keep about volunteers, and its erasure.

Every run (check, draw, verify) stores the draw's inputs in their pseudonymised form: random references,
category values, opaque household numbers. While the panel runs, its volunteers' references link them to
those entries, so the entries are their personal data: a volunteer who withdraws is taken out of every
stored run, and when the panel ends every run but the done draw loses its inputs. The done draw keeps
them (anyone must be able to re-run it), and as the unselected volunteers' references are cleared at the
same time, nothing links those entries to anyone any more.
"""

from __future__ import annotations

from jurycourt.domain.citizens_panels import DrawStatus
from jurycourt.domain.draw_record import is_published_form, without_members
from jurycourt.models import Draw


async def forget_in_stored_runs(panel_id: int, refs: set[str]) -> int:
    """Take these volunteers out of the pool of every stored run of the panel (inside the caller's
    transaction). Returns how many runs changed."""
    changed = 0
    for draw in await Draw.filter(panel_id=panel_id).select_for_update():
        remaining_inputs = without_members(draw.inputs, refs)
        if remaining_inputs != draw.inputs:
            draw.inputs = remaining_inputs
            await draw.save(update_fields=["inputs"])
            changed += 1
    return changed


async def keep_only_the_published_draw(panel_id: int, commitment: str) -> int:
    """Empty the inputs of every stored run except the done draw of the published commitment (inside the
    caller's transaction); a draw stored before inputs were pseudonymised loses them too. Returns how many
    runs were emptied."""
    emptied = 0
    for draw in await Draw.filter(panel_id=panel_id).select_for_update():
        published = (draw.purpose == "draw" and draw.status == DrawStatus.DONE and bool(commitment)
                     and draw.commitment == commitment and is_published_form(draw.inputs))
        if draw.inputs and not published:
            draw.inputs = {}
            await draw.save(update_fields=["inputs"])
            emptied += 1
    return emptied
