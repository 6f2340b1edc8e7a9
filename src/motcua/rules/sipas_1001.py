"""The 1001/QĐ-BNV questionnaire (11/12/2023, for 2023–2026), as used in Hà Nội (governance.md
§1.3): profile, assessments (Q1–Q8), satisfaction (Q9: 39 items, 1–5) and expectations (Q10).

Data only. Item wording paraphrases the published form; the counts (9 policy areas, 7 channels,
23 + 16 satisfaction items, 10 expectations) are those of the source.
"""

from datetime import date

from motcua.rules.sipas import (
    EXPECTATION_4, SATISFACTION_5, Content, Group, Kind, Option, Question, Questionnaire, Section,
)


def _options(*labels: str) -> tuple[Option, ...]:
    return tuple(Option(str(i), label) for i, label in enumerate(labels, 1))


def _items(prefix: str, kind: Kind, labels: tuple[str, ...], options: tuple[Option, ...] = (),
           required: bool = True) -> tuple[Question, ...]:
    return tuple(Question(f"{prefix}_{i}", label, kind, options, required) for i, label in enumerate(labels, 1))


INTEREST_4 = _options("Không quan tâm", "Ít quan tâm", "Quan tâm", "Rất quan tâm")
SUITABLE_4 = _options("Không phù hợp", "Ít phù hợp", "Phù hợp", "Rất phù hợp")
FREQUENCY_3 = (Option("none", "Không có"), Option("some", "Có một vài"), Option("many", "Có nhiều"))

POLICY_AREAS = ("Phát triển kinh tế", "Khám bệnh, chữa bệnh", "Giáo dục phổ thông", "Cung cấp nước sạch",
                "Cung cấp điện sinh hoạt", "An ninh, trật tự", "Đường giao thông", "An sinh xã hội",
                "Cải cách hành chính")
CHANNELS = _options("Loa phát thanh của thôn, tổ dân phố", "Họp thôn, tổ dân phố", "Cán bộ, công chức của chính quyền",
                    "Người thân, bạn bè, hàng xóm", "Đài phát thanh, truyền hình, báo chí",
                    "Internet, mạng xã hội", "Kênh khác")

PROFILE = Section("profile", "Thông tin chung về người trả lời", (
    Question("gender", "Giới tính", Kind.SINGLE, _options("Nam", "Nữ"), required=False),
    Question("age", "Độ tuổi", Kind.SINGLE, _options("Từ 18 đến 30 tuổi", "Từ 31 đến 45 tuổi", "Từ 46 đến 60 tuổi",
                                                     "Trên 60 tuổi"), required=False),
    Question("ethnicity", "Dân tộc", Kind.SINGLE, _options("Kinh", "Dân tộc khác"), required=False),
    Question("education", "Trình độ học vấn", Kind.SINGLE,
             _options("Chưa đi học", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông", "Trung cấp, cao đẳng",
                      "Đại học trở lên"), required=False),
    Question("occupation", "Nghề nghiệp", Kind.SINGLE,
             _options("Nông, lâm, ngư nghiệp", "Công nhân", "Kinh doanh, buôn bán", "Cán bộ, công chức, viên chức",
                      "Học sinh, sinh viên", "Nghỉ hưu, nội trợ", "Nghề khác"), required=False),
))

ASSESSMENT = (
    Section("q1", "Câu 1. Mức độ quan tâm đến chính sách",
            _items("q1", Kind.SINGLE, POLICY_AREAS, INTEREST_4),
            "Ông/bà quan tâm thế nào đến các chính sách sau của chính quyền địa phương?"),
    Section("q2", "Câu 2. Kênh tiếp nhận thông tin", (
        Question("q2", "Các kênh ông/bà đã dùng để biết thông tin về chính sách", Kind.MULTI, CHANNELS),),
            "Ông/bà biết thông tin về chính sách qua những kênh nào? (có thể chọn nhiều)"),
    Section("q3", "Câu 3. Sự phù hợp của các kênh thông tin",
            _items("q3", Kind.SINGLE, tuple(o.label for o in CHANNELS), SUITABLE_4),
            "Theo ông/bà, các kênh thông tin sau phù hợp đến mức nào?"),
    Section("q4", "Câu 4. Sẵn sàng góp ý", (
        Question("q4", "Hình thức ông/bà sẵn sàng tham gia góp ý chính sách", Kind.SINGLE, (
            Option("any", "Bất kỳ hình thức nào"), Option("paper", "Phiếu góp ý phát đến hộ gia đình"),
            Option("meeting", "Tại cuộc họp thôn, tổ dân phố"), Option("online", "Trực tuyến"),
            Option("none", "Không sẵn sàng góp ý"))),)),
    Section("q5", "Câu 5. Sự nhũng nhiễu", (
        Question("q5", "Ông/bà có gặp cán bộ, công chức gây phiền hà, nhũng nhiễu không?", Kind.SINGLE, FREQUENCY_3),)),
    Section("q6", "Câu 6. Chi trả ngoài quy định", (
        Question("q6", "Ông/bà có phải trả thêm tiền ngoài phí, lệ phí theo quy định không?", Kind.SINGLE,
                 FREQUENCY_3),)),
    Section("q7", "Câu 7. Sự phù hợp của hình thức nộp hồ sơ, nhận kết quả",
            _items("q7", Kind.SINGLE, ("Nộp hồ sơ, nhận kết quả trực tiếp", "Nộp hồ sơ trực tuyến toàn trình",
                                       "Nộp hồ sơ trực tuyến một phần"), SUITABLE_4),
            "Theo ông/bà, các hình thức sau phù hợp đến mức nào?"),
    Section("q8", "Câu 8. Trải nghiệm dịch vụ trong 12 tháng qua",
            _items("q8", Kind.YES_NO, ("Có con đang học tại trường công lập", "Đã khám, chữa bệnh tại cơ sở y tế công lập",
                                       "Đã làm thủ tục tại Trung tâm Phục vụ hành chính công thành phố",
                                       "Đã làm thủ tục tại điểm phục vụ hành chính công của xã, phường",
                                       "Đã hỏi cán bộ, công chức về chính sách",
                                       "Đã tham gia góp ý chính sách", "Đã gửi phản ánh, kiến nghị")),
            "Trong 12 tháng qua, ông/bà hoặc người trong gia đình đã:"),
)

POLICY = Content("policy", "Xây dựng, tổ chức thực hiện chính sách", (
    Group("I.A", "I.A. Tiếp cận thông tin chính sách", _items("q9_ia", Kind.LIKERT, (
        "Thông tin về chính sách được cung cấp đầy đủ, kịp thời",
        "Thông tin về chính sách dễ hiểu, dễ tiếp cận"))),
    Group("I.B", "I.B. Tham gia xây dựng chính sách", _items("q9_ib", Kind.LIKERT, (
        "Người dân được tạo điều kiện tham gia góp ý xây dựng chính sách",
        "Ý kiến góp ý của người dân được tiếp thu, phản hồi"))),
    Group("I.C", "I.C. Tổ chức thực hiện chính sách", _items("q9_ic", Kind.LIKERT, tuple(
        f"Việc thực hiện chính sách {area[0].lower() + area[1:]}" for area in POLICY_AREAS))),
    Group("I.D", "I.D. Kết quả thực hiện chính sách", _items("q9_id", Kind.LIKERT, (
        "Kinh tế hộ gia đình được cải thiện", "Kinh tế địa phương phát triển",
        "Chất lượng khám bệnh, chữa bệnh tại bệnh viện, trạm y tế", "Chất lượng dạy và học tại trường học",
        "An ninh, trật tự được bảo đảm", "Đường giao thông thuận tiện", "Điện sinh hoạt ổn định",
        "Nước sạch bảo đảm", "Người có hoàn cảnh khó khăn được hỗ trợ kịp thời",
        "Hiệu quả hoạt động của chính quyền địa phương"))),
))

SERVICE = Content("service", "Cung ứng dịch vụ hành chính công", (
    Group("II.A", "II.A. Tiếp cận dịch vụ", _items("q9_iia", Kind.LIKERT, (
        "Nơi tiếp nhận có biển hiệu, chỉ dẫn rõ ràng", "Có đủ ghế ngồi, bàn viết cho người đến làm thủ tục",
        "Trang thiết bị phục vụ đầy đủ, dễ sử dụng"))),
    Group("II.B", "II.B. Thủ tục hành chính", _items("q9_iib", Kind.LIKERT, (
        "Thủ tục hành chính được niêm yết công khai, đầy đủ", "Thành phần hồ sơ phải nộp đúng quy định",
        "Phí, lệ phí phải nộp đúng quy định", "Thời hạn giải quyết đúng quy định"))),
    Group("II.C", "II.C. Công chức trực tiếp giải quyết", _items("q9_iic", Kind.LIKERT, (
        "Công chức có thái độ tôn trọng người dân", "Công chức hướng dẫn đầy đủ, một lần",
        "Công chức tuân thủ đúng quy định"))),
    Group("II.D", "II.D. Kết quả giải quyết", _items("q9_iid", Kind.LIKERT, (
        "Kết quả được trả đúng hẹn", "Kết quả có thông tin đầy đủ, chính xác", "Kết quả giải quyết công bằng"))),
    Group("II.E", "II.E. Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", _items("q9_iie", Kind.LIKERT, (
        "Có kênh góp ý, phản ánh, kiến nghị dễ sử dụng", "Góp ý, phản ánh, kiến nghị được xử lý đúng quy định",
        "Kết quả xử lý được thông báo kịp thời"))),
))

EXPECTATIONS = Section("q10", "Câu 10. Mong đợi", _items("q10", Kind.EXPECTATION, (
    "Công khai, minh bạch trong hoạt động của chính quyền", "Trách nhiệm giải trình của chính quyền",
    "Người dân được tham gia giám sát hoạt động của chính quyền", "Nâng cao hiệu quả hoạt động của chính quyền địa phương",
    "Cải thiện cơ sở vật chất, trang thiết bị phục vụ", "Nâng cao năng lực của cán bộ, công chức",
    "Cải thiện thái độ phục vụ của cán bộ, công chức", "Đẩy mạnh chuyển đổi số",
    "Mở rộng dịch vụ công trực tuyến", "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị kịp thời")),
    "Ông/bà mong muốn chính quyền cải thiện những nội dung sau đến mức nào?")

Q9_PROMPT = "Ông/bà hài lòng đến mức nào về các nội dung sau? (1 = Rất không hài lòng … 5 = Rất hài lòng)"

BNV_1001 = Questionnaire(
    key="bnv-1001-2023",
    name="Phiếu khảo sát SIPAS theo Quyết định 1001/QĐ-BNV",
    basis="Quyết định số 1001/QĐ-BNV ngày 11/12/2023 của Bộ Nội vụ",
    effective_from=date(2023, 12, 11),
    sections=(PROFILE, *ASSESSMENT,
              *(Section(g.key, f"Câu 9 — {g.label}", g.items, Q9_PROMPT) for c in (POLICY, SERVICE) for g in c.groups),
              EXPECTATIONS),
    contents=(POLICY, SERVICE),
    likert=SATISFACTION_5,
    expectation=EXPECTATION_4,
    content_from="groups",
    overall_from="contents",
    flagged={"q5": ("some", "many"), "q6": ("some", "many")},
)
