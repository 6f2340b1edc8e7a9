"""The demo programme's 34 tasks (modelled on Chương trình 01-CTr/TU of the Hà Nội Party
Committee, governance.md §0; contents paraphrased and partly invented for the demo).

Each entry: number, parent number, content, product, approver, lead unit slot (0 = the standing
agency, Ban Tổ chức Thành ủy; 1–10 = the other lead units), and the plan of its life:

* ``early``   — finished months before its deadline (the two first products of 2021);
* ``on_time`` — finished a little before its deadline;
* ``late``    — finished after its deadline, with a reason;
* ``ext_done``— given more time (approved), then finished within the new deadline;
* ``open``    — running, comfortably within its deadline;
* ``ext_open``— running after an approved extension;
* ``none``    — running, no deadline (a standing duty);
* ``risk``    — running, few days left and the work far from done;
* ``pending`` — at risk, with an extension request waiting for the committee;
* ``overdue`` — past its deadline, not finished;
* ``refused`` — past its deadline, its extension request refused.
"""

from __future__ import annotations

TASKS: list[tuple[str, str | None, str, str, str, int, str]] = [
    ("1", None, "Nghị quyết của Ban Thường vụ Thành ủy về công tác cán bộ giai đoạn 2021–2025",
     "resolution", "standing_board", 0, "early"),
    ("2", None, "Kế hoạch nâng cao và đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan "
     "hành chính nhà nước giai đoạn 2021–2025", "plan", "peoples_committee", 1, "early"),
    ("3", None, "Đề án sắp xếp tổ chức bộ máy các cơ quan chuyên môn thuộc Ủy ban nhân dân Thành phố theo hướng "
     "tinh gọn, hoạt động hiệu lực, hiệu quả", "scheme", "standing_board", 1, "on_time"),
    ("3.1", "3", "Rà soát chức năng, nhiệm vụ của các sở, ngành; đề xuất điều chỉnh để không bỏ sót lĩnh vực "
     "quản lý nhà nước", "report", "steering_committee", 1, "on_time"),
    ("3.2", "3", "Hoàn thiện quy chế làm việc của Văn phòng Ủy ban nhân dân Thành phố làm mẫu cho các cơ quan",
     "regulation", "peoples_committee", 1, "late"),
    ("3.3", "3", "Xây dựng vị trí việc làm và cơ cấu ngạch công chức của các cơ quan sau sắp xếp",
     "decision", "peoples_committee", 1, "ext_done"),
    ("4", None, "Đề án luân chuyển, điều động cán bộ lãnh đạo, quản lý các cấp giai đoạn 2021–2025",
     "scheme", "standing_board", 0, "on_time"),
    ("5", None, "Quy định về tiêu chuẩn chức danh cán bộ thuộc diện Ban Thường vụ Thành ủy quản lý",
     "regulation", "standing_board", 0, "on_time"),
    ("6", None, "Quy định về đánh giá, xếp loại cán bộ theo kết quả, sản phẩm cụ thể", "regulation",
     "standing_board", 0, "ext_open"),
    ("7", None, "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính, nâng cao đạo đức công vụ", "directive",
     "standing_board", 0, "on_time"),
    ("8", None, "Đề án chuyển đổi số trong cải cách hành chính của Thành phố đến năm 2025, định hướng đến năm 2030",
     "scheme", "peoples_committee", 4, "on_time"),
    ("8.1", "8", "Kế hoạch số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "plan", "peoples_committee", 4,
     "late"),
    ("8.2", "8", "Xây dựng kho dữ liệu số của tổ chức, cá nhân trên Hệ thống thông tin giải quyết thủ tục hành chính",
     "plan", "peoples_committee", 4, "overdue"),
    ("8.3", "8", "Báo cáo đánh giá mức độ sử dụng dịch vụ công trực tuyến toàn trình", "report",
     "steering_committee", 4, "risk"),
    ("9", None, "Kế hoạch thực hiện Bộ chỉ số phục vụ người dân, doanh nghiệp theo thời gian thực", "plan",
     "peoples_committee", 1, "open"),
    ("10", None, "Đề án nâng cao chất lượng thẩm định, ban hành văn bản quy phạm pháp luật của Thành phố",
     "scheme", "peoples_council", 2, "on_time"),
    ("11", None, "Quy định về phân cấp, ủy quyền giải quyết thủ tục hành chính giữa các cấp chính quyền",
     "regulation", "peoples_committee", 2, "late"),
    ("12", None, "Kế hoạch rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực đất đai, xây dựng",
     "plan", "peoples_committee", 3, "on_time"),
    ("12.1", "12", "Chuẩn hóa quy trình cấp giấy phép xây dựng, rút ngắn thời gian giải quyết",
     "decision", "peoples_committee", 3, "refused"),
    ("12.2", "12", "Công khai quy hoạch, kế hoạch sử dụng đất trên Cổng thông tin điện tử Thành phố", "plan",
     "peoples_committee", 8, "overdue"),
    ("13", None, "Nghị quyết về cơ chế, chính sách thu hút, trọng dụng người có tài năng", "resolution",
     "peoples_council", 1, "ext_done"),
    ("14", None, "Đề án nâng cao chất lượng khám bệnh, chữa bệnh và thủ tục hành chính trong lĩnh vực y tế",
     "scheme", "peoples_committee", 5, "on_time"),
    ("15", None, "Kế hoạch cải thiện chỉ số năng lực cạnh tranh cấp tỉnh (PCI) của Thành phố", "plan",
     "peoples_committee", 6, "late"),
    ("16", None, "Quy chế phối hợp giải quyết thủ tục hành chính liên thông về đầu tư, kinh doanh", "regulation",
     "peoples_committee", 6, "open"),
    ("17", None, "Đề án xây dựng môi trường văn hóa trong cơ quan, công sở", "scheme", "standing_board", 7,
     "on_time"),
    ("18", None, "Kế hoạch giải quyết dứt điểm các vụ khiếu nại, tố cáo kéo dài, không để hình thành điểm nóng",
     "plan", "standing_board", 10, "pending"),
    ("19", None, "Báo cáo sơ kết 3 năm thực hiện Chương trình 01-CTr/TU", "report", "standing_board", 0, "late"),
    ("20", None, "Tờ trình về việc điều chỉnh, bổ sung nhiệm vụ Chương trình giai đoạn 2026", "submission",
     "party_committee", 0, "open"),
    ("21", None, "Kế hoạch thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập", "plan",
     "peoples_committee", 9, "overdue"),
    ("22", None, "Đề án nâng cao hiệu quả quản lý tài nguyên, môi trường và đất đai tại cấp xã sau sắp xếp",
     "scheme", "peoples_committee", 8, "risk"),
    ("23", None, "Chương trình kiểm tra, giám sát việc thực hiện kỷ luật hành chính tại các xã, phường",
     "programme", "steering_committee", 10, "none"),
    ("24", None, "Theo dõi, đôn đốc thực hiện quy chế dân chủ ở cơ sở", "report", "steering_committee", 7, "none"),
    ("25", None, "Kế hoạch đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức", "plan",
     "peoples_committee", 4, "overdue"),
    ("26", None, "Quyết định ban hành Bộ tiêu chí đánh giá chất lượng phục vụ của Trung tâm Phục vụ hành chính công",
     "decision", "peoples_committee", 1, "risk"),
]

#: (slot, preferred unit code) for the ten lead units besides the standing agency
LEAD_CODES = ["SNV-HN", "STP-HN", "SXD-HN", "SKHCN-HN", "SYT-HN", "SCT-HN", "SVHTT-HN", "SNNMT-HN", "STC-HN",
              "CATP-HN"]

DELAYS = [
    "Phải chờ ý kiến thẩm định của các bộ, ngành Trung ương.",
    "Thay đổi tổ chức bộ máy từ ngày 01/7/2025 nên phải xây dựng lại dự thảo.",
    "Số lượng hồ sơ cần rà soát lớn hơn dự kiến; thiếu nhân lực chuyên trách.",
    "Dự thảo phải lấy ý kiến rộng rãi của các đơn vị và người dân.",
    "Chờ hướng dẫn của Bộ Nội vụ về vị trí việc làm.",
]

EXTENSION_REASONS = [
    "Cần thêm thời gian lấy ý kiến các sở, ngành và Ủy ban nhân dân cấp xã.",
    "Phải điều chỉnh theo quy định mới của Trung ương ban hành trong kỳ.",
    "Khối lượng rà soát lớn; đề nghị lùi thời hạn để bảo đảm chất lượng sản phẩm.",
]
