"""The 2640/QĐ-BNV questionnaire (10/10/2017, for 2017–2020): 5 elements, 22 criteria, each scored
1–5; SIPAS = the mean of the five element indices (governance.md §1.2). The split 4 + 5 + 6 + 3 +
4 is recalled [R], not checked against the annex.

Data only: one content ("Sự phục vụ hành chính"), the five elements as its groups, and
``overall_from="groups"``.
"""

from datetime import date

from motcua.rules.sipas import SATISFACTION_5, Content, Group, Kind, Question, Questionnaire, Section


def _element(key: str, label: str, criteria: tuple[str, ...]) -> Group:
    return Group(key, label, tuple(Question(f"{key}_{i}", text, Kind.LIKERT) for i, text in enumerate(criteria, 1)))


ELEMENTS = (
    _element("access", "1. Tiếp cận dịch vụ", (
        "Nơi ngồi chờ có đủ chỗ ngồi", "Có đủ trang thiết bị phục vụ", "Trang thiết bị hiện đại",
        "Trang thiết bị dễ sử dụng")),
    _element("procedure", "2. Thủ tục hành chính", (
        "Thủ tục hành chính được niêm yết công khai", "Thủ tục được niêm yết chính xác",
        "Thành phần hồ sơ đúng quy định", "Phí, lệ phí đúng quy định", "Thời hạn giải quyết đúng quy định")),
    _element("servant", "3. Công chức trực tiếp giải quyết", (
        "Công chức có thái độ giao tiếp lịch sự", "Công chức chú ý lắng nghe ý kiến",
        "Công chức trả lời, giải thích đầy đủ", "Công chức hướng dẫn tận tình, chu đáo",
        "Công chức hướng dẫn dễ hiểu", "Công chức tuân thủ đúng quy định")),
    _element("result", "4. Kết quả giải quyết", (
        "Kết quả đúng quy định", "Kết quả có thông tin đầy đủ", "Kết quả có thông tin chính xác")),
    _element("feedback", "5. Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", (
        "Có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị", "Hình thức góp ý dễ sử dụng",
        "Góp ý, phản ánh được tiếp nhận, xử lý tích cực", "Kết quả xử lý được thông báo kịp thời")),
)

PROMPT = "Ông/bà hài lòng đến mức nào về các nội dung sau? (1 = Rất không hài lòng … 5 = Rất hài lòng)"

BNV_2640 = Questionnaire(
    key="bnv-2640-2017",
    name="Phiếu khảo sát SIPAS theo Quyết định 2640/QĐ-BNV",
    basis="Quyết định số 2640/QĐ-BNV ngày 10/10/2017 của Bộ Nội vụ",
    effective_from=date(2017, 10, 10),
    sections=tuple(Section(g.key, g.label, g.items, PROMPT) for g in ELEMENTS),
    contents=(Content("service", "Sự phục vụ hành chính", ELEMENTS),),
    likert=SATISFACTION_5,
    content_from="groups",
    overall_from="groups",
)
