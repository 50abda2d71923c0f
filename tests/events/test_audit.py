"""The log replays to the case's state, whatever sequence of actions the case went through."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import CaseStep
from events.workflow import services as workflow
from events.workflow.replay import BrokenLog, log_matches, replay
from tests.helpers import jpeg

# file_case's cases lie in the first community: hand_down may send them there.
PARAMS = {"reason": "原因说明", "note": "办理说明", "hours": 4, "level": "yellow",
          "rating": 4, "department": "PSG", "region": "440604001001",
          "comment": "还没解决"}


def params_for(case, action) -> dict:
    """Parameters every action accepts in the case's present state: a reassignment names
    another department, a reclassification another subcategory."""
    from taxonomy.models import Subcategory

    params = {**PARAMS, "public_reply": "答复市民"}
    if action == "reassign":
        params["department"] = "CGJ" if case.department.code != "CGJ" else "PSG"
    if action == "reclassify":
        params["subcategory"] = Subcategory.objects.exclude(pk=case.subcategory_id).filter(
            name_zh__in=["井盖丢失", "占道经营"]).first().code
    return params


def possible_moves(case, cast):
    """(action, actor) pairs open to the cast right now, plus the citizen's rating."""
    # The street's and the community's dispatchers too: report_up and hand_down move the case
    # between their levels.
    moves = [(name, user) for user in (cast.leader, cast.dispatcher, cast.handler, cast.worker,
                                       cast.street_dispatcher, cast.village)
             for name in workflow.allowed_actions(case, user)]
    moves += [(name, None) for name in workflow.allowed_actions(case, None,
                                                                case.tracking_secret)]
    return sorted(set(moves), key=lambda move: (move[0], str(move[1])))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(0, 10_000), min_size=1, max_size=14))
def test_random_action_sequences_replay_to_the_current_state(cast, file_case, choices):
    case = file_case()
    other = file_case()
    for choice in choices:
        moves = [m for m in possible_moves(case, cast) if m[0] != "merge"] or []
        if not moves:
            break
        action, actor = moves[choice % len(moves)]
        params = {**params_for(case, action), "target": other.tracking_number}
        if action == "supervise":
            params["level"] = "red" if case.supervision != "red" else "yellow"
        photos = [jpeg()] if action in ("resolve", "self_resolve") else []
        case = workflow.perform(case=case, action=action, actor=actor, params=params,
                                photos=photos, token=case.tracking_secret)
        assert log_matches(case), (action, list(case.steps.values_list("action", flat=True)))


def test_a_tampered_log_no_longer_replays(cast, file_case):
    case = file_case()
    workflow.perform(case=case, action="accept", actor=cast.leader)
    CaseStep.objects.filter(case=case, action="accept").update(from_status="processing")
    try:
        replay(case)
    except BrokenLog as error:
        assert "accept" in str(error)
    else:
        raise AssertionError("a broken chain must be reported")
