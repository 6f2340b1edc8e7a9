"""Gửi đơn trực tuyến: a signed-in citizen files feedback (PAKN), a complaint (first or second) or
a denunciation from their own account, optionally about one of their own dossiers.

The form only cleans what was typed; the law's checks (limitation period, second-complaint
window, required fields) are ``services.file_case``'s, whose refusals are shown on the same form
as it was sent. A filing out of time is recorded and refused at once: the citizen is taken to the
case's page, which shows the refusal and its reasons."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from motcua import timesource
from motcua.complaints.lookup import KIND_LABELS
from motcua.complaints.models import Case
from motcua.complaints.services import CaseRefused, FilerIn, file_case
from motcua.dossiers.models import Dossier
from motcua.rules.complaints import CaseKind
from motcua.rules.calendar import VN_TZ
from motcua.units.models import Area, Unit
from motcua.web.guards import signed_in

COMPLAINTS = (CaseKind.COMPLAINT_FIRST.value, CaseKind.COMPLAINT_SECOND.value)
#: what a denouncer must do (Luật Tố cáo 2018, Điều 9, khoản 2), shown before a denunciation is sent
DENOUNCER_DUTIES = (
    "Cung cấp thông tin cá nhân của mình (họ tên, địa chỉ, số định danh).",
    "Trình bày trung thực về nội dung tố cáo; cung cấp thông tin, tài liệu liên quan mà mình có.",
    "Chịu trách nhiệm trước pháp luật về nội dung tố cáo của mình.",
    "Hợp tác với người giải quyết tố cáo khi có yêu cầu.",
    "Bồi thường thiệt hại do hành vi cố ý tố cáo sai sự thật của mình gây ra.",
)
DENOUNCER_BASIS = "Luật Tố cáo 2018, Điều 9"
UNIT_KINDS = (Unit.Kind.PEOPLES_COMMITTEE, Unit.Kind.DEPARTMENT)


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _DossierChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.procedure.name}"


class _CaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.subject[:80]}"


class CitizenCaseForm(forms.Form):
    kind = forms.ChoiceField(label="Loại đơn", choices=list(KIND_LABELS.items()), widget=forms.RadioSelect,
                             error_messages={"required": "Chưa chọn loại đơn."})
    handling_unit = _UnitChoice(label="Gửi đến cơ quan", queryset=Unit.objects.none(),
                                error_messages={"required": "Chưa chọn cơ quan nhận đơn.",
                                                "invalid_choice": "Cơ quan đã chọn không nhận đơn trực tuyến."})
    area = forms.ModelChoiceField(label="Xã, phường nơi phát sinh vụ việc (nếu có)", required=False,
                                  queryset=Area.objects.none())
    subject = forms.CharField(label="Nội dung chính (trích yếu)", max_length=500,
                              error_messages={"required": "Chưa nhập nội dung chính của đơn."})
    content = forms.CharField(label="Nội dung đơn", widget=forms.Textarea, max_length=20000,
                              error_messages={"required": "Chưa nhập nội dung đơn."})
    dossier = _DossierChoice(label="Hồ sơ thủ tục hành chính liên quan (nếu có)", required=False,
                             queryset=Dossier.objects.none())
    known_on = forms.DateField(label="Ngày nhận được, biết được quyết định, hành vi bị khiếu nại", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": "Ngày không hợp lệ (ngày/tháng/năm)."})
    previous = _CaseChoice(label="Khiếu nại lần đầu của ông/bà (cho khiếu nại lần hai)", required=False,
                           queryset=Case.objects.none())
    remote = forms.BooleanField(label="Tôi ở vùng sâu, vùng xa, đi lại khó khăn", required=False)
    name = forms.CharField(label="Họ và tên", max_length=150, error_messages={"required": "Chưa nhập họ tên."})
    id_number = forms.RegexField(label="Số định danh cá nhân (12 chữ số)", regex=r"^\d{12}$", max_length=12,
                                 error_messages={"required": "Chưa nhập số định danh cá nhân.",
                                                 "invalid": "Số định danh cá nhân gồm đúng 12 chữ số."})
    phone = forms.RegexField(label="Số điện thoại", regex=r"^(\+84|0)\d{9,10}$", max_length=20, required=False,
                             error_messages={"invalid": "Số điện thoại không hợp lệ (ví dụ 0912345678)."})
    email = forms.EmailField(label="Thư điện tử (để nhận văn bản trả lời)", required=False,
                             error_messages={"invalid": "Thư điện tử không đúng định dạng (ví dụ ten@example.vn)."})
    address = forms.CharField(label="Địa chỉ liên hệ", max_length=255,
                              error_messages={"required": "Chưa nhập địa chỉ liên hệ."})
    duties = forms.BooleanField(label="Tôi đã đọc và cam kết thực hiện các nghĩa vụ của người tố cáo", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = Unit.objects.filter(kind__in=UNIT_KINDS).order_by("name")
        self.fields["area"].queryset = Area.objects.filter(kind__in=(Area.Kind.WARD, Area.Kind.COMMUNE,
                                                                     Area.Kind.SPECIAL_ZONE)).order_by("name")
        self.fields["concerned_unit"] = _UnitChoice(
            label="Cơ quan bị phản ánh, khiếu nại (nếu có)", required=False,
            queryset=Unit.objects.filter(kind__in=UNIT_KINDS).order_by("name"))
        self.fields["dossier"].queryset = (Dossier.objects.filter(applicant_user=user).exclude(code="")
                                           .exclude(code__isnull=True).select_related("procedure")
                                           .defer("snapshot").order_by("-filed_at"))
        self.fields["previous"].queryset = Case.objects.filter(account=user, kind=CaseKind.COMPLAINT_FIRST)

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == CaseKind.DENUNCIATION and not data.get("duties"):
            self.add_error("duties", "Người tố cáo phải cam kết thực hiện các nghĩa vụ theo Luật Tố cáo trước khi gửi đơn.")
        if kind == CaseKind.COMPLAINT_FIRST and not data.get("known_on"):
            self.add_error("known_on", "Khiếu nại cần ghi ngày ông/bà nhận được hoặc biết được quyết định, hành vi "
                                       "bị khiếu nại (để tính thời hiệu khiếu nại 90 ngày).")
        if kind == CaseKind.COMPLAINT_SECOND and not data.get("previous"):
            self.add_error("previous", "Khiếu nại lần hai phải chọn khiếu nại lần đầu của ông/bà.")
        return data


def _level(unit: Unit) -> str:
    return unit.level if unit.level in Case.Level.values else Case.Level.COMMUNE


def _filed(case: Case) -> str:
    if case.state == Case.State.REFUSED:
        return f"Đơn đã được ghi nhận với mã {case.code} nhưng không được thụ lý; xem lý do bên dưới."
    due = f" Hạn xử lý bước tiếp theo: {case.due_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}." if case.due_at else ""
    return f"Đã gửi đơn. Mã vụ việc của ông/bà: {case.code}.{due}"


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def file_online(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = CitizenCaseForm(request.POST, user=user)
        if form.is_valid():
            d = form.cleaned_data
            unit = d["handling_unit"]
            filer = FilerIn(name=" ".join(d["name"].split()), id_number=d["id_number"], phone=d["phone"],
                            email=d["email"], address=d["address"].strip())
            try:
                case = file_case(kind=d["kind"], channel=Case.Channel.ONLINE, subject=d["subject"],
                                 content=d["content"], filers=[filer], handling_unit=unit, now=timesource.now(),
                                 account=user, area=d["area"], concerned_unit=d["concerned_unit"],
                                 dossier=d["dossier"], remote=d["remote"], known_on=d["known_on"],
                                 previous=d["previous"] if d["kind"] == CaseKind.COMPLAINT_SECOND else None,
                                 filed_level=_level(unit), competent_level=_level(unit))
            except CaseRefused as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _filed(case))
                return redirect("complaints_public:my_case", pk=case.pk)
        else:
            status = 400
    else:
        form = CitizenCaseForm(user=user, initial={"kind": CaseKind.PAKN.value,
                                                   "email": user.email or ""})
    return render(request, "complaints/public_file.html", {
        "form": form, "duties": DENOUNCER_DUTIES, "duties_basis": DENOUNCER_BASIS,
    }, status=status)
