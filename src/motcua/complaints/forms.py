"""Forms of the officials' case pages: intake (tiếp nhận đơn) with several filers, and one small
form per act. Forms only clean what was typed; the law's checks (limitation period, group
representatives, time limits, states) are the services' (``complaints.services``), whose refusals
the views show on the same form, filled in as it was sent."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model

from motcua.complaints.models import Case
from motcua.rules.complaints import KIND_LABELS, CaseKind

#: the channels an official records (online filings come from the citizen's own account)
OFFICIAL_CHANNELS = [(c.value, c.label) for c in (Case.Channel.RECEPTION, Case.Channel.POST, Case.Channel.FORWARDED)]
COMPLAINTS = (CaseKind.COMPLAINT_FIRST.value, CaseKind.COMPLAINT_SECOND.value)
_PHONE = re.compile(r"(\+84|0)\d{9,10}")
_ID = re.compile(r"[0-9A-Z]{6,20}")


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


class FilerForm(forms.Form):
    """One person who filed (người gửi đơn); a row left blank is ignored."""

    name = forms.CharField(label="Họ tên", max_length=150, required=False)
    id_number = forms.CharField(label="Số định danh cá nhân", max_length=20, required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    email = forms.EmailField(label="Thư điện tử", max_length=254, required=False,
                             error_messages={"invalid": "Thư điện tử không đúng định dạng (ví dụ ten@example.vn)."})
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    representative = forms.BooleanField(label="Người đại diện", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the rows sit under column headings: each field still says what it is to a screen reader
        number = (self.prefix or "").rsplit("-", 1)[-1]
        row = int(number) + 1 if number.isdigit() else 1
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} (người gửi thứ {row})"

    def clean_name(self):
        return _one_line(self.cleaned_data["name"])

    def clean_id_number(self):
        number = re.sub(r"[\s.\-]", "", self.cleaned_data["id_number"]).upper()
        if number and not _ID.fullmatch(number):
            raise forms.ValidationError("Số định danh gồm 6–20 chữ số hoặc chữ cái (số căn cước: 12 chữ số).")
        return number

    def clean_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data["phone"])
        if phone and not _PHONE.fullmatch(phone):
            raise forms.ValidationError("Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678).")
        return phone

    def clean(self):
        data = super().clean()
        filled = any(data.get(k) for k in ("id_number", "phone", "email", "address", "representative"))
        if filled and not data.get("name"):
            self.add_error("name", "Chưa nhập họ tên người gửi đơn ở dòng này.")
        return data

    @property
    def is_blank(self) -> bool:
        return not (getattr(self, "cleaned_data", None) or {}).get("name")


FilerFormSet = forms.formset_factory(FilerForm, extra=0, max_num=200, absolute_max=200, validate_max=True)


class IntakeForm(forms.Form):
    """Tiếp nhận đơn (tại buổi tiếp công dân, qua bưu chính, cơ quan khác chuyển đến)."""

    kind = forms.ChoiceField(label="Loại đơn", choices=list(KIND_LABELS.items()),
                             error_messages={"required": "Chưa chọn loại đơn."})
    channel = forms.ChoiceField(label="Hình thức nhận", choices=OFFICIAL_CHANNELS, initial=Case.Channel.RECEPTION)
    forwarded_by = forms.CharField(label="Cơ quan chuyển đến", max_length=255, required=False)
    handling_unit = forms.ChoiceField(label="Cơ quan giải quyết",
                                      error_messages={"invalid_choice": "Ông/bà không tiếp nhận đơn cho cơ quan này."})
    subject = forms.CharField(label="Nội dung chính (trích yếu)", max_length=500,
                              error_messages={"required": "Chưa nhập nội dung chính của đơn."})
    content = forms.CharField(label="Nội dung đơn", widget=forms.Textarea, max_length=20000,
                              error_messages={"required": "Chưa nhập nội dung đơn."})
    people = forms.IntegerField(label="Số người gửi đơn (cả nhóm)", min_value=1, max_value=100000, required=False,
                                help_text="Để trống: bằng số người ghi ở trên.")
    remote = forms.BooleanField(label="Người gửi ở vùng sâu, vùng xa, đi lại khó khăn", required=False)
    known_on = forms.DateField(label="Ngày nhận được, biết được quyết định, hành vi bị khiếu nại", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": "Ngày không hợp lệ (ngày/tháng/năm)."})
    previous = forms.CharField(label="Mã vụ việc trước (khiếu nại lần đầu, vụ việc đã giải quyết)", max_length=40,
                               required=False)
    area = forms.ChoiceField(label="Xã, phường nơi phát sinh", required=False,
                             error_messages={"invalid_choice": "Xã, phường đã chọn không thuộc tỉnh, thành phố này."})
    dossier = forms.CharField(label="Mã hồ sơ TTHC liên quan", max_length=80, required=False)
    concerned_unit = forms.CharField(label="Mã cơ quan bị phản ánh, khiếu nại", max_length=40, required=False)
    concerned_official = forms.CharField(label="Tài khoản cán bộ bị khiếu nại, tố cáo", max_length=150,
                                         required=False)
    filed_level = forms.ChoiceField(label="Đơn gửi đến cấp", choices=Case.Level.choices, initial=Case.Level.COMMUNE)
    competent_level = forms.ChoiceField(label="Cấp có thẩm quyền giải quyết", choices=Case.Level.choices,
                                        initial=Case.Level.COMMUNE)

    def __init__(self, *args, units, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].choices = [(u.code, u.name) for u in units]
        self.fields["area"].choices = [("", "—")] + [(a.code, a.name) for a in areas]
        self._units, self._areas = {u.code: u for u in units}, {a.code: a for a in areas}

    def clean_subject(self):
        return _one_line(self.cleaned_data["subject"])

    def clean_forwarded_by(self):
        return _one_line(self.cleaned_data["forwarded_by"])

    def clean_previous(self):
        code = self.cleaned_data["previous"].strip()
        if not code:
            return None
        case = Case.objects.filter(code=code).first()
        if case is None:
            raise forms.ValidationError("Không có vụ việc với mã này.")
        return case

    def clean_dossier(self):
        from motcua.dossiers.models import Dossier

        code = self.cleaned_data["dossier"].strip()
        if not code:
            return None
        dossier = Dossier.objects.filter(code=code).first()
        if dossier is None:
            raise forms.ValidationError("Không có hồ sơ với mã này.")
        return dossier

    def clean_concerned_unit(self):
        from motcua.units.models import Unit

        code = self.cleaned_data["concerned_unit"].strip()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError("Không có cơ quan với mã này.")
        return unit

    def clean_concerned_official(self):
        name = self.cleaned_data["concerned_official"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError("Không có tài khoản cán bộ với tên đăng nhập này.")
        return user

    def clean(self):
        data = super().clean()
        data["handling_unit"] = self._units.get(data.get("handling_unit"))
        data["area"] = self._areas.get(data.get("area") or "")
        if data.get("channel") == Case.Channel.FORWARDED and not data.get("forwarded_by"):
            self.add_error("forwarded_by", "Đơn do cơ quan khác chuyển đến: cần ghi tên cơ quan chuyển đến.")
        if data.get("kind") == CaseKind.COMPLAINT_FIRST and not data.get("known_on") and "known_on" not in self.errors:
            self.add_error("known_on", "Khiếu nại: cần ghi ngày nhận được, biết được quyết định, hành vi bị khiếu nại "
                                       "(để tính thời hiệu 90 ngày).")
        return data


# -- acts ----------------------------------------------------------------------------------------

class ActForm(forms.Form):
    """An act carries the version it was decided on (optimistic concurrency)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(ActForm):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             error_messages={"required": "Phải nêu rõ lý do."})


class AcceptForm(ActForm):
    complexity = forms.ChoiceField(label="Tính chất vụ việc", choices=Case.Complexity.choices,
                                   initial=Case.Complexity.NORMAL)


class ReceiveInfoForm(ActForm):
    note = forms.CharField(label="Thông tin đã nhận", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                           required=False)


class AssignForm(ActForm):
    handler = forms.ChoiceField(label="Cán bộ thụ lý",
                                error_messages={"invalid_choice": "Cán bộ này không thuộc cơ quan giải quyết."})


class TransferForm(ActForm):
    to_unit = forms.ChoiceField(label="Chuyển đến cơ quan", error_messages={"invalid_choice": "Không có cơ quan này."})
    reason = forms.CharField(label="Lý do chuyển (không thuộc thẩm quyền…)", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000, error_messages={"required": "Phải nêu rõ lý do chuyển đơn."})


class ExtendIntakeForm(ActForm):
    reason = forms.CharField(label="Lý do cần kiểm tra, xác minh thêm (nhiều địa điểm…); thời hạn thụ lý thành "
                                   "10 ngày làm việc", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             error_messages={"required": "Phải nêu rõ lý do cần kiểm tra, xác minh thêm."})


class ExtendForm(ActForm):
    days = forms.IntegerField(label="Gia hạn thêm (ngày)", min_value=1, max_value=30, initial=30,
                              error_messages={"max_value": "Mỗi lần gia hạn không quá 30 ngày.",
                                              "min_value": "Số ngày gia hạn phải từ 1 ngày."})
    reason = forms.CharField(label="Lý do gia hạn (vụ việc phức tạp, đặc biệt phức tạp)",
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             error_messages={"required": "Quyết định gia hạn phải nêu rõ lý do."})


class AnswerForm(ActForm):
    text = forms.CharField(label="Nội dung trả lời, quyết định, kết luận", widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=50000, error_messages={"required": "Chưa nhập nội dung trả lời."})
    public_text = forms.CharField(
        label="Nội dung công khai (phản ánh, kiến nghị: bỏ họ tên, số định danh, địa chỉ của người gửi)",
        widget=forms.Textarea(attrs={"rows": 4}), max_length=50000, required=False)


FORMS: dict[str, type[ActForm]] = {
    "accept": AcceptForm, "refuse": ReasonForm, "request_info": ReasonForm, "receive_info": ReceiveInfoForm,
    "assign": AssignForm, "transfer": TransferForm, "extend_intake": ExtendIntakeForm, "extend": ExtendForm, "answer": AnswerForm,
    "publish": ActForm, "withdraw": ReasonForm, "close": ActForm,
}
