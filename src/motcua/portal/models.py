"""Files a citizen sends with a dossier (tệp đính kèm, thành phần hồ sơ điện tử).

The bytes live under ``settings.MOTCUA_UPLOAD_DIR`` (outside the web root, never served
directly); this row says which dossier and which checklist item they belong to, who sent them
and when, and their checksum. Rows are written by ``portal.attachments.store`` only.
"""

from django.conf import settings
from django.db import models

from motcua.dossiers.models import Dossier


class Attachment(models.Model):
    class Stage(models.TextChoices):
        FILING = "filing", "Nộp hồ sơ"
        SUPPLEMENT = "supplement", "Bổ sung hồ sơ"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    document = models.CharField("thành phần hồ sơ", max_length=500, blank=True,
                                help_text="Tên giấy tờ trong danh mục thành phần hồ sơ (hoặc «Giấy tờ khác»).")
    original_name = models.CharField("tên tệp", max_length=160, help_text="Tên tệp người nộp gửi, đã làm sạch.")
    stored_name = models.CharField("tệp lưu trữ", max_length=80, unique=True, editable=False,
                                   help_text="yyyy/mm/<mã ngẫu nhiên>.<đuôi> dưới MOTCUA_UPLOAD_DIR.")
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("gửi lúc")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="người gửi")
    stage = models.CharField("giai đoạn", max_length=12, choices=Stage.choices)

    class Meta:
        ordering = ["dossier", "uploaded_at", "pk"]
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.original_name


class RatingInvitation(models.Model):
    """A one-time invitation to rate an ended dossier (Decree 118 Art. 31: rating channels other
    than the signed-in portal). ``channel`` says how the applicant rated: ``link``, the link and QR
    printed on the result slip (phiếu đánh giá); ``kiosk``, the rating device at the counter, which
    issues an invitation and uses it at once. Only the SHA-256 of the token is kept; the token
    itself exists only on the slip. Rows are written by ``quality.invitations`` only."""

    class Channel(models.TextChoices):
        LINK = "link", "Đường dẫn, mã QR trên phiếu đánh giá"
        KIOSK = "kiosk", "Thiết bị đánh giá tại quầy"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="rating_invitations")
    token_hash = models.CharField("SHA-256 của mã", max_length=64, unique=True, editable=False)
    channel = models.CharField("kênh đánh giá", max_length=8, choices=Channel.choices)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="cán bộ phát phiếu")
    created_at = models.DateTimeField("phát lúc")
    expires_at = models.DateTimeField("hết hạn lúc")
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)
    rating = models.ForeignKey("quality.Rating", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="invitations", verbose_name="đánh giá đã ghi")

    class Meta:
        verbose_name = verbose_name_plural = "phiếu mời đánh giá"

    def __str__(self) -> str:
        return f"Phiếu mời đánh giá hồ sơ {self.dossier_id} ({self.channel})"
