"""Forms of the programme pages: a new task, progress, completion, an extension request and its
decision, the XLSX import. They only parse input; the rules are applied by ``services``."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from motcua.programmes.models import Task
from motcua.units.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def live_units(today):
    return (Unit.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("name"))


class UsernameField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise forms.ValidationError(f"Không có tài khoản «{value}».")
        return user


class TaskForm(forms.Form):
    code = forms.CharField(label="Số thứ tự", max_length=20,
                           help_text="Ví dụ 5 hoặc 5.2 (không trùng trong chương trình)")
    parent = forms.ModelChoiceField(label="Thuộc nhiệm vụ", queryset=Task.objects.none(), required=False,
                                    empty_label="— (nhiệm vụ cấp 1)")
    content = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}))
    product = forms.ChoiceField(label="Loại sản phẩm", choices=Task.Product.choices)
    approver = forms.ChoiceField(label="Cấp trình, phê duyệt", choices=[("", "—"), *Task.Approver.choices],
                                 required=False)
    lead_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(label="Đơn vị phối hợp", queryset=Unit.objects.none(), required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 6}))
    leader = UsernameField(label="Lãnh đạo phụ trách (tên đăng nhập)", required=False, max_length=150)
    officer = UsernameField(label="Cán bộ theo dõi (tên đăng nhập)", required=False, max_length=150)
    assigned_on = forms.DateField(label="Ngày giao", widget=DATE)
    deadline = forms.DateField(label="Thời hạn", widget=DATE, required=False, help_text="Để trống: không thời hạn")
    source_symbol = forms.CharField(label="Văn bản giao (số, ký hiệu)", max_length=100)
    source_issuer = forms.CharField(label="Cơ quan giao", max_length=255, required=False)
    source_date = forms.DateField(label="Ngày văn bản giao", widget=DATE, required=False)

    def __init__(self, *args, programme, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Task.objects.filter(programme=programme).order_by("code")
        units = live_units(today)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    note = forms.CharField(label="Ghi chú", required=False, max_length=2000)


class CompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    completed_on = forms.DateField(label="Ngày hoàn thành", widget=DATE)
    result_document = forms.CharField(label="Văn bản kết quả", max_length=255)
    delay_reason = forms.CharField(label="Lý do chậm (nếu quá hạn)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(label="Lý do mở lại", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    proposed_deadline = forms.DateField(label="Thời hạn đề nghị", widget=DATE)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Chấp thuận"), ("refuse", "Không chấp thuận")])
    note = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa ghi", required=False)
