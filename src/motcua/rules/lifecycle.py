"""Dossier states and the transitions each actor may make (Decree 118/2025, Arts. 15–23).

``check_act`` is the single gate: an act that the law does not allow in the current state, or
that this actor may not make, raises :class:`ActRefused` with a Vietnamese message and changes
nothing.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    FILED = "filed"  # Đã nộp, chờ tiếp nhận (online filing awaiting acceptance)
    AWAITING_INTAKE_SUPPLEMENT = "awaiting_intake_supplement"  # Chờ bổ sung trước khi tiếp nhận
    REFUSED_AT_INTAKE = "refused_at_intake"  # Từ chối tiếp nhận
    RECEIVED = "received"  # Đã tiếp nhận, có mã hồ sơ và ngày hẹn trả
    PROCESSING = "processing"  # Đang giải quyết tại cơ quan có thẩm quyền
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # Trả lại để bổ sung sau thẩm định
    DECIDED = "decided"  # Đã có kết quả, chờ trả
    RETURNED = "returned"  # Đã trả kết quả
    CORRECTING = "correcting"  # Đang đính chính kết quả sai
    WITHDRAWN = "withdrawn"  # Dừng giải quyết theo yêu cầu (rút hồ sơ)
    CLOSED = "closed"  # Kết thúc do không bổ sung quá hạn


STATE_LABELS = {
    State.FILED: "Chờ tiếp nhận",
    State.AWAITING_INTAKE_SUPPLEMENT: "Chờ bổ sung (trước tiếp nhận)",
    State.REFUSED_AT_INTAKE: "Từ chối tiếp nhận",
    State.RECEIVED: "Đã tiếp nhận",
    State.PROCESSING: "Đang giải quyết",
    State.AWAITING_SUPPLEMENT: "Chờ công dân bổ sung",
    State.DECIDED: "Đã có kết quả, chờ trả",
    State.RETURNED: "Đã trả kết quả",
    State.CORRECTING: "Đang đính chính kết quả",
    State.WITHDRAWN: "Đã dừng giải quyết (rút hồ sơ)",
    State.CLOSED: "Kết thúc do không bổ sung",
}

FINAL_STATES = frozenset({State.REFUSED_AT_INTAKE, State.RETURNED, State.WITHDRAWN, State.CLOSED})
#: States in which the dossier is with the applicant, not with any unit: no unit's time runs.
WAITING_STATES = frozenset({State.AWAITING_INTAKE_SUPPLEMENT, State.AWAITING_SUPPLEMENT})


class Act(StrEnum):
    FILE = "file"  # nộp hồ sơ
    RECEIVE = "receive"  # tiếp nhận (Giấy tiếp nhận và hẹn trả kết quả, mẫu 01)
    REQUEST_INTAKE_SUPPLEMENT = "request_intake_supplement"  # Phiếu yêu cầu bổ sung (mẫu 02) khi tiếp nhận
    REFUSE_INTAKE = "refuse_intake"  # Phiếu từ chối tiếp nhận (mẫu 03)
    RESUBMIT = "resubmit"  # nộp lại sau khi bổ sung
    TRANSFER = "transfer"  # chuyển hồ sơ đến cơ quan có thẩm quyền
    ASSIGN = "assign"  # phân công cán bộ xử lý
    COMPLETE_TASK = "complete_task"  # cơ quan liên thông hoàn thành phần việc
    RETURN_FOR_SUPPLEMENT = "return_for_supplement"  # trả lại để bổ sung sau thẩm định (Điều 19.5)
    EXTEND = "extend"  # xin lỗi và gia hạn (mẫu 04, Điều 19.6)
    DECIDE = "decide"  # quyết định: cấp kết quả hoặc từ chối giải quyết
    RETURN_RESULT = "return_result"  # trả kết quả
    REPORT_WRONG_RESULT = "report_wrong_result"  # kết quả sai do lỗi cán bộ (Điều 23.1)
    CORRECT_RESULT = "correct_result"  # đính chính, cấp lại kết quả
    WITHDRAW = "withdraw"  # dừng giải quyết theo yêu cầu (mẫu 05, Điều 21)
    CLOSE_UNSUPPLEMENTED = "close_unsupplemented"  # kết thúc do không bổ sung sau 15 ngày


ACT_LABELS = {
    Act.FILE: "Nộp hồ sơ",
    Act.RECEIVE: "Tiếp nhận hồ sơ",
    Act.REQUEST_INTAKE_SUPPLEMENT: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    Act.REFUSE_INTAKE: "Từ chối tiếp nhận hồ sơ",
    Act.RESUBMIT: "Nộp bổ sung hồ sơ",
    Act.TRANSFER: "Chuyển hồ sơ đến cơ quan giải quyết",
    Act.ASSIGN: "Phân công cán bộ xử lý",
    Act.COMPLETE_TASK: "Hoàn thành phần việc liên thông",
    Act.RETURN_FOR_SUPPLEMENT: "Trả lại hồ sơ để bổ sung",
    Act.EXTEND: "Xin lỗi và gia hạn thời gian giải quyết",
    Act.DECIDE: "Có kết quả giải quyết",
    Act.RETURN_RESULT: "Trả kết quả",
    Act.REPORT_WRONG_RESULT: "Ghi nhận kết quả sai sót",
    Act.CORRECT_RESULT: "Đính chính, cấp lại kết quả",
    Act.WITHDRAW: "Dừng giải quyết theo yêu cầu",
    Act.CLOSE_UNSUPPLEMENTED: "Kết thúc do không bổ sung hồ sơ",
}


class Role(StrEnum):
    APPLICANT = "applicant"  # người nộp hồ sơ (công dân, tổ chức)
    RECEPTION = "reception"  # cán bộ tiếp nhận tại Bộ phận Một cửa
    PROCESSING = "processing"  # cán bộ xử lý tại cơ quan có thẩm quyền
    LEADER = "leader"  # lãnh đạo cơ quan, đơn vị
    SUPERVISOR = "supervisor"  # giám sát Trung tâm Phục vụ hành chính công
    ADMIN = "admin"  # quản trị hệ thống: không làm thay nghiệp vụ
    SYSTEM = "system"  # hệ thống tự động (đóng hồ sơ quá hạn bổ sung)


S, A, R = State, Act, Role
OFFICIALS = frozenset({R.RECEPTION, R.PROCESSING, R.LEADER})

#: state -> act -> the state it leads to (None: stays in the same state).
TRANSITIONS: dict[State, dict[Act, State | None]] = {
    S.FILED: {A.RECEIVE: S.RECEIVED, A.REQUEST_INTAKE_SUPPLEMENT: S.AWAITING_INTAKE_SUPPLEMENT,
              A.REFUSE_INTAKE: S.REFUSED_AT_INTAKE, A.WITHDRAW: S.WITHDRAWN},
    S.AWAITING_INTAKE_SUPPLEMENT: {A.RESUBMIT: S.FILED, A.WITHDRAW: S.WITHDRAWN},
    S.RECEIVED: {A.TRANSFER: S.PROCESSING, A.WITHDRAW: S.WITHDRAWN},
    S.PROCESSING: {A.ASSIGN: None, A.COMPLETE_TASK: None, A.RETURN_FOR_SUPPLEMENT: S.AWAITING_SUPPLEMENT,
                   A.EXTEND: None, A.DECIDE: S.DECIDED, A.WITHDRAW: S.WITHDRAWN},
    S.AWAITING_SUPPLEMENT: {A.RESUBMIT: S.PROCESSING, A.CLOSE_UNSUPPLEMENTED: S.CLOSED, A.WITHDRAW: S.WITHDRAWN},
    S.DECIDED: {A.RETURN_RESULT: S.RETURNED},
    S.RETURNED: {A.REPORT_WRONG_RESULT: S.CORRECTING},
    S.CORRECTING: {A.CORRECT_RESULT: S.DECIDED},
    S.REFUSED_AT_INTAKE: {},
    S.WITHDRAWN: {},
    S.CLOSED: {},
}

#: act -> roles that may make it. Unit membership is checked by the acts themselves.
ACTORS: dict[Act, frozenset[Role]] = {
    A.FILE: frozenset({R.APPLICANT, R.RECEPTION}),
    A.RECEIVE: frozenset({R.RECEPTION}),
    A.REQUEST_INTAKE_SUPPLEMENT: frozenset({R.RECEPTION}),
    A.REFUSE_INTAKE: frozenset({R.RECEPTION}),
    A.RESUBMIT: frozenset({R.APPLICANT, R.RECEPTION}),
    A.TRANSFER: frozenset({R.RECEPTION}),
    A.ASSIGN: frozenset({R.LEADER}),
    A.COMPLETE_TASK: frozenset({R.PROCESSING, R.LEADER}),
    A.RETURN_FOR_SUPPLEMENT: frozenset({R.PROCESSING, R.LEADER}),
    A.EXTEND: frozenset({R.LEADER}),
    A.DECIDE: frozenset({R.LEADER}),
    A.RETURN_RESULT: frozenset({R.RECEPTION}),
    A.REPORT_WRONG_RESULT: frozenset({R.APPLICANT, R.RECEPTION, R.PROCESSING, R.LEADER}),
    A.CORRECT_RESULT: frozenset({R.LEADER}),
    A.WITHDRAW: frozenset({R.APPLICANT, R.RECEPTION}),
    A.CLOSE_UNSUPPLEMENTED: frozenset({R.SYSTEM, R.RECEPTION}),
}

ROLE_LABELS = {
    R.APPLICANT: "người nộp hồ sơ", R.RECEPTION: "cán bộ tiếp nhận", R.PROCESSING: "cán bộ xử lý",
    R.LEADER: "lãnh đạo đơn vị", R.SUPERVISOR: "giám sát Trung tâm", R.ADMIN: "quản trị hệ thống",
    R.SYSTEM: "hệ thống",
}


class ActRefused(Exception):
    """The act is not allowed; ``message`` is Vietnamese and meant for the user."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


def check_act(state: State, act: Act, role: Role) -> State:
    """The state ``act`` leads to from ``state``, or :class:`ActRefused`."""
    allowed = TRANSITIONS[state]
    if act not in allowed:
        raise ActRefused(
            f"Không thể «{ACT_LABELS[act].lower()}» khi hồ sơ đang ở trạng thái «{STATE_LABELS[state]}».",
            code="wrong_state",
        )
    if role not in ACTORS[act]:
        raise ActRefused(
            f"Vai trò {ROLE_LABELS[role]} không được «{ACT_LABELS[act].lower()}».", code="wrong_role"
        )
    target = allowed[act]
    return state if target is None else target
