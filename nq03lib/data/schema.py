"""Describe every table, column, category and abbreviation as plain data.

This module is the single source of truth for the data dictionary:
``data/datapackage.json`` and ``data/README.md`` are generated from it
(``python -m nq03lib docs``) and a test checks they are current.

A category set maps each code (the value stored in the CSV files) to its
Vietnamese and English labels; the order of the mapping is the order of the
ordered categorical, so charts never reorder by accident.

Every table title, table description and column description is one
``{"vi": …, "en": …}`` entry (written with ``_make_text(vi, en)``), picked with
:func:`nq03lib.text.pick`; a column's ``unit`` is a key of
:data:`UNIT_LABELS`, which words it in both languages. ``tests/test_docs.py``
checks that every text has both languages.
"""

from __future__ import annotations

Labels = dict[str, tuple[str, str]]

ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "TCCSĐ": ("tổ chức cơ sở đảng", "grassroots party organisation"),
    "DTTS": ("dân tộc thiểu số", "ethnic minority"),
    "HTXSNV": ("hoàn thành xuất sắc nhiệm vụ", "fulfilled tasks excellently"),
    "HTTNV": ("hoàn thành tốt nhiệm vụ", "fulfilled tasks well"),
    "HTNV": ("hoàn thành nhiệm vụ", "fulfilled tasks"),
    "không HTNV": ("không hoàn thành nhiệm vụ", "did not fulfil tasks"),
    "TSVM": ("trong sạch vững mạnh", "clean and strong"),
    "TSVMTB": ("trong sạch vững mạnh tiêu biểu", "exemplary clean and strong (a subset of TSVM)"),
    "NQ": ("nghị quyết", "resolution"),
    "TU": ("Tỉnh ủy", "Provincial Party Committee"),
    "BC": ("báo cáo", "report"),
    "ĐUCS": ("đảng ủy cơ sở", "grassroots party committee"),
    "đ/c": ("đồng chí", "comrade (a person)"),
}

CATEGORIES: dict[str, Labels] = {
    "period": {
        "2016-08": ("8-2016 (ban hành Nghị quyết)", "Aug 2016 (resolution issued)"),
        "2016": ("2016", "2016"),
        "2017": ("2017", "2017"),
        "2018": ("2018", "2018"),
        "2019": ("2019", "2019"),
        "2019-09": ("9-2019 (sơ kết 03 năm)", "Sep 2019 (mid-term review)"),
        "2020": ("2020", "2020"),
        "2021": ("2021 (thời điểm báo cáo)", "2021 (time of report)"),
        "2016/2020": ("2016–2020", "2016–2020"),
        "2016/2021": ("Từ năm 2016 đến nay", "From 2016 to the report"),
        "2016-08/2021": ("Từ 8-2016 đến nay", "From Aug 2016 to the report"),
        "2020/2021": ("Từ đầu nhiệm kỳ 2020–2025", "Since the start of the 2020–2025 term"),
        # fn14 gives the villages left and the reduction but no date; it is attached to the
        # reorganisation of villages (II.5), so the reduction is dated by that event only
        "truoc_sap_xep_thon": (
            "Trước sắp xếp thôn (báo cáo không ghi thời điểm)",
            "Before the village reorganisation (no date given)",
        ),
        "sap_xep_thon": (
            "Đợt sắp xếp thôn, tổ dân phố (báo cáo không ghi thời điểm)",
            "Village reorganisation (no date given)",
        ),
    },
    "area": {
        "toan_tinh": ("Toàn tỉnh", "Whole province"),
        "tp_kon_tum": ("TP. Kon Tum", "Kon Tum city"),
        "dak_glei": ("Đăk Glei", "Dak Glei"),
        "ngoc_hoi": ("Ngọc Hồi", "Ngoc Hoi"),
        "dak_to": ("Đăk Tô", "Dak To"),
        "tu_mo_rong": ("Tu Mơ Rông", "Tu Mo Rong"),
        "dak_ha": ("Đăk Hà", "Dak Ha"),
        "sa_thay": ("Sa Thầy", "Sa Thay"),
        "kon_ray": ("Kon Rẫy", "Kon Ray"),
        "kon_plong": ("Kon Plông", "Kon Plong"),
        "ia_hdrai": ("Ia H’Drai", "Ia H'Drai"),
        "khoi_cq_dn": ("ĐU Khối CQ&DN tỉnh", "Provincial agencies & enterprises PC"),
        "quan_su": ("ĐU Quân sự tỉnh", "Provincial Military PC"),
        "cong_an": ("ĐU Công an tỉnh", "Provincial Police PC"),
        "bien_phong": ("ĐU Bộ đội Biên phòng tỉnh", "Provincial Border Guard PC"),
        "nhieu_don_vi": ("Các đơn vị nêu tên", "Units named together"),
    },
    "entity": {
        "tccsd": ("Tổ chức cơ sở đảng", "Grassroots party organisations"),
        "chi_bo_truc_thuoc": ("Chi bộ trực thuộc đảng ủy cơ sở", "Party cells under grassroots committees"),
        "dang_bo_bo_phan": ("Đảng bộ bộ phận", "Sub-committees"),
        "thon": ("Thôn, tổ dân phố", "Villages and residential groups"),
    },
    "org_type": {
        "tat_ca": ("Tất cả", "All"),
        "xa_phuong_thi_tran": ("Xã, phường, thị trấn", "Communes, wards, towns"),
        "co_quan_hanh_chinh": ("Cơ quan hành chính", "Administrative agencies"),
        "don_vi_su_nghiep": ("Đơn vị sự nghiệp", "Public service units"),
        "doanh_nghiep": ("Doanh nghiệp", "Enterprises"),
        "luc_luong_vu_trang": ("Lực lượng vũ trang", "Armed forces"),
    },
    "action": {
        "thanh_lap_moi": ("Thành lập mới", "Newly established"),
        "giai_the": ("Giải thể", "Dissolved"),
        "sap_nhap": ("Sáp nhập", "Merged"),
        "giam": ("Giảm", "Reduced"),
    },
    "unit_kind": {
        "tat_ca": ("Tất cả tổ chức đảng", "All party organisations"),
        "nang_chi_bo_thanh_dang_bo": ("Nâng chi bộ thành đảng bộ", "Cells raised to committees"),
        "dang_bo_co_so": ("Đảng bộ cơ sở", "Grassroots party committees"),
        "chi_bo_co_so": ("Chi bộ cơ sở", "Grassroots party cells"),
        "chi_bo_truc_thuoc": ("Chi bộ trực thuộc đảng ủy cơ sở", "Cells under grassroots committees"),
        "thon": ("Thôn, tổ dân phố", "Villages and residential groups"),
    },
    "training_level": {
        "tat_ca": ("Tất cả", "All"),
        "dai_hoc": ("Đại học", "University"),
        "thac_si": ("Thạc sĩ", "Master's"),
        "cao_cap": ("Cao cấp (LLCT)", "Advanced (political theory)"),
        "trung_cap": ("Trung cấp (LLCT)", "Intermediate (political theory)"),
        "boi_duong_nghiep_vu": ("Bồi dưỡng nghiệp vụ", "Professional refresher"),
    },
    "programme": {
        "dao_tao_boi_duong": ("Đào tạo, bồi dưỡng", "Education and training"),
        "nang_cao_nghiep_vu": ("Nâng cao nghiệp vụ", "Professional skills"),
        "bi_thu_thon_moi": ("Bí thư, phó bí thư chi bộ thôn mới", "New village cell (deputy) secretaries"),
        "hoi_thi_bi_thu": ("Hội thi bí thư chi bộ giỏi", "Best cell secretary contest"),
    },
    "participant_kind": {
        "tat_ca": ("Tất cả", "All"),
        "chuyen_mon": ("Chuyên môn", "Professional"),
        "ly_luan_chinh_tri": ("Lý luận chính trị", "Political theory"),
        "nghiep_vu_cong_tac_dang": ("Nghiệp vụ công tác đảng", "Party work skills"),
        "nghiep_vu_doan_the": ("Nghiệp vụ đoàn thể chính trị", "Mass organisation skills"),
        "cap_nhat_kien_thuc": ("Cập nhật kiến thức mới", "Knowledge update"),
        "ve_dang_uy_xa": ("Về đảng ủy xã, thị trấn", "Attached to commune committees"),
        "ve_co_quan_tham_muu": ("Về cơ quan tham mưu huyện ủy", "Attached to district advisory bodies"),
    },
    "doc_level": {
        "cap_huyen": ("Cấp huyện", "District level"),
        "cap_xa": ("Cấp xã", "Commune level"),
    },
    "indicator": {
        "thon_truong_la_dang_vien": (
            "Thôn trưởng, tổ trưởng TDP là đảng viên",
            "Village/residential-group heads who are party members",
        ),
        "bi_thu_kiem_thon_truong": (
            "Bí thư chi bộ kiêm thôn trưởng, tổ trưởng TDP",
            "Cell secretaries who are also village heads",
        ),
        "thon_co_to_chuc_dang": ("Thôn có tổ chức đảng", "Villages with a party organisation"),
        "chi_bo_sinh_hoat_chuyen_de": ("Chi bộ sinh hoạt chuyên đề", "Cells holding thematic meetings"),
        "cap_uy_vien_phu_trach_tccsd": (
            "Cấp ủy viên cấp huyện phụ trách TCCSĐ",
            "District committee members assigned to grassroots organisations",
        ),
        "cap_uy_vien_phu_trach_xa": (
            "Cấp ủy viên cấp huyện phụ trách xã, phường, thị trấn",
            "District committee members assigned to communes",
        ),
        "cap_uy_vien_xa_phu_trach_chi_bo": (
            "Cấp ủy viên xã phụ trách chi bộ",
            "Commune committee members assigned to cells",
        ),
        "dang_vien_xay_dung_cam_ket": ("Đảng viên xây dựng bản cam kết", "Members with a written commitment"),
        "dang_vien_phu_trach_ho": ("Đảng viên phụ trách hộ, nhóm hộ", "Members assigned to households"),
        "dang_vien_gioi_thieu_noi_cu_tru": (
            "Đảng viên được giới thiệu về nơi cư trú",
            "Members introduced to their place of residence",
        ),
        "dang_vien_noi_cu_tru_chap_hanh_tot": (
            "Đảng viên được nơi cư trú đánh giá chấp hành tốt",
            "Members rated well at their place of residence",
        ),
        "huyen_hoan_thanh_sap_xep_thon": (
            "Huyện, thành phố hoàn thành sắp xếp thôn",
            "Districts that finished reorganising villages",
        ),
        "cap_uy_to_chuc_hoi_thi": (
            "Cấp ủy trực thuộc Tỉnh ủy tổ chức hội thi bí thư chi bộ giỏi",
            "Committees under the province that held the secretaries' contest",
        ),
        "tccsd_count": ("Số TCCSĐ", "Number of grassroots organisations"),
        "chi_bo_truc_thuoc_count": ("Số chi bộ trực thuộc đảng ủy cơ sở", "Number of cells under committees"),
    },
    "reference": {
        "2016-08": ("So với thời điểm ban hành Nghị quyết (8-2016)", "Against Aug 2016 (issuance)"),
        "2019-09": ("So với thời điểm sơ kết 03 năm (2019)", "Against the 2019 mid-term review"),
        "muc_tieu_nq03": ("Mục tiêu Nghị quyết 03-NQ/TU", "Target of Resolution 03-NQ/TU"),
        "muc_tieu_nq01_2021": (
            "Mục tiêu Nghị quyết 01-NQ/TU (năm 2021)",
            "2021 target of Resolution 01-NQ/TU",
        ),
        "moi_nam_2016_2020": ("Mỗi năm 2016–2020", "Each year 2016–2020"),
    },
    "statement": {
        "tang": ("tăng", "increased by"),
        "giam": ("giảm", "decreased by"),
        "vuot": ("vượt", "exceeded by"),
        "dat_so_voi": ("đạt … so với", "reached … of"),
        "tu_tro_len": ("từ … trở lên", "at least"),
    },
    "dimension": {
        "tong": ("Tổng số", "Total"),
        "dan_toc": ("Dân tộc", "Ethnicity"),
        "gioi_tinh": ("Giới tính", "Gender"),
        "doan_thanh_nien": ("Đoàn thanh niên", "Youth union"),
        "ton_giao": ("Tôn giáo", "Religion"),
        "loai_hinh_tccsd": ("Loại hình TCCSĐ", "Type of grassroots organisation"),
    },
    "group": {
        "tat_ca": ("Tất cả", "All"),
        "dtts": ("Dân tộc thiểu số", "Ethnic minority"),
        "nu": ("Nữ", "Women"),
        "doan_vien": ("Đoàn viên thanh niên", "Youth union members"),
        "co_ton_giao": ("Có tôn giáo", "Religious"),
        "xa_phuong_thi_tran": ("Xã, phường, thị trấn", "Communes, wards, towns"),
        "co_quan_hanh_chinh": ("Cơ quan hành chính", "Administrative agencies"),
        "don_vi_su_nghiep": ("Đơn vị sự nghiệp", "Public service units"),
        "doanh_nghiep": ("Doanh nghiệp", "Enterprises"),
        "luc_luong_vu_trang": ("Lực lượng vũ trang", "Armed forces"),
    },
    "scheme": {
        "cu_2016_2017": ("Cách phân loại cũ (2016–2017)", "Old scheme (2016–2017)"),
        "moi_tu_2018": ("Cách xếp loại mới (từ 2018)", "New scheme (from 2018)"),
    },
    "rating": {
        "tsvm": ("TSVM", "Clean & strong"),
        "tsvmtb": ("TSVMTB", "Exemplary clean & strong"),
        "htxsnv": ("HTXSNV", "Excellent"),
        "httnv": ("HTTNV", "Good"),
        "htnv": ("HTNV", "Fulfilled"),
        "yeu_kem": ("Yếu kém", "Weak"),
        "khong_htnv": ("Không HTNV", "Not fulfilled"),
    },
    "subject": {
        "tccsd": ("TCCSĐ", "Grassroots organisations"),
        "chi_bo_truc_thuoc": ("Chi bộ trực thuộc đảng ủy cơ sở", "Cells under grassroots committees"),
        "dang_vien": ("Đảng viên", "Party members"),
    },
    "level": {
        "tat_ca": ("Tất cả các cấp", "All levels"),
        "cap_tinh": ("Cấp tỉnh", "Provincial level"),
        "cap_huyen": ("Cấp huyện", "District level"),
        "cap_co_so": ("Cấp cơ sở", "Grassroots level"),
    },
    "target": {
        "to_chuc_dang": ("Tổ chức đảng", "Party organisations"),
        "dang_vien": ("Đảng viên", "Party members"),
    },
    "activity": {
        "kiem_tra_giam_sat": ("Kiểm tra, giám sát", "Inspection and supervision"),
        "kiem_tra": ("Kiểm tra", "Inspection"),
        "giam_sat": ("Giám sát", "Supervision"),
    },
    "form": {
        "tat_ca": ("Tất cả hình thức", "All forms"),
        "khien_trach": ("Khiển trách", "Reprimand"),
        "canh_cao": ("Cảnh cáo", "Warning"),
        "cach_chuc": ("Cách chức", "Dismissal"),
        "khai_tru": ("Khai trừ", "Expulsion"),
    },
    "topic": {
        "thon_truong_vuot_muc_tieu": (
            "Tỉ lệ thôn trưởng là đảng viên vượt mục tiêu (điển hình)",
            "Share of village heads who are members above target (exemplary)",
        ),
        "thon_truong_chua_dat_muc_tieu": (
            "Tỉ lệ thôn trưởng là đảng viên chưa đạt mục tiêu",
            "Share of village heads who are members below target",
        ),
        "bi_thu_kiem_thon_truong_dien_hinh": (
            "Bí thư chi bộ kiêm thôn trưởng (điển hình)",
            "Secretaries who are village heads (exemplary)",
        ),
        "bi_thu_kiem_thon_truong_thap": (
            "Tỉ lệ bí thư chi bộ kiêm thôn trưởng thấp",
            "Low share of secretaries who are village heads",
        ),
        "boi_duong_bi_thu_thon_moi": (
            "Bồi dưỡng bí thư chi bộ thôn mới trúng cử (điển hình)",
            "Training newly elected village secretaries (exemplary)",
        ),
        "hoc_tap_lam_theo_hinh_thuc": (
            "Học tập và làm theo Bác còn hình thức",
            "Ho Chi Minh study still formalistic",
        ),
        "to_chuc_dang_khong_htnv": (
            "Có tổ chức đảng xếp loại không HTNV",
            "Has an organisation rated not fulfilled",
        ),
        "lung_tung_noi_dung_chuyen_de": (
            "Lúng túng chọn nội dung sinh hoạt chuyên đề",
            "Unsure how to choose thematic-meeting content",
        ),
        "chua_nghiem_sinh_hoat_chuyen_de": (
            "Chưa thực hiện nghiêm sinh hoạt chuyên đề",
            "Thematic meetings not held as required",
        ),
    },
    "valence": {
        "dien_hinh": ("Điển hình", "Exemplary"),
        "han_che": ("Hạn chế", "Shortfall"),
    },
    "relation_kind": {
        "share_from_counts": ("Tỉ lệ so với số đếm", "Percentage against its counts"),
        "parts_sum": ("Tổng các phần so với tổng", "Parts against their whole"),
        "shares_sum": ("Tổng tỉ lệ bằng 100%", "Shares adding to 100%"),
        "subset": ("Tập con không vượt tổng", "Subset within its whole"),
        "stated_change": ("Thay đổi nêu so với số gốc", "Stated change against its baseline"),
        "implied_target": ("Chỉ tiêu suy ra", "Implied target"),
        "threshold": ("Ngưỡng nêu trong báo cáo", "Stated threshold"),
        "cross_reference": ("Cùng một số ở hai chỗ", "Same figure in two places"),
        "same_population": ("Hai tổng cho cùng một tập hợp", "Two totals for one population"),
        "flow_reconciliation": ("Biến động so với tổng đầu/cuối kỳ", "Flows against stated totals"),
        "whole_number_fit": (
            "Tỉ lệ ứng với số nguyên đơn vị",
            "Share against a whole number of units",
        ),
        "numbering": ("Đánh số biểu được dẫn", "Numbering of the tables cited"),
    },
    # The verdicts of the audit, worded for a meeting with the report's authors: where the
    # report is not provably wrong, "cần làm rõ" (needs clarifying), never "sai" (wrong).
    # The three middle ones are the verdicts a row of data/known_exceptions.csv may carry.
    "verdict": {
        "holds": ("Khớp", "Holds"),
        "does not hold as stated": (
            "Cần làm rõ: các số báo cáo nêu chưa thống nhất với nhau",
            "Needs clarifying: the report's own figures do not add up as stated",
        ),
        "depends on our model": (
            "Tùy cách tính của nhóm phân tích (giả định về biến động); báo cáo không tự nêu phép tính này",
            "Depends on our model of the flows; the report states no such sum",
        ),
        "different bases or dates": (
            "Hai số có thể khác thời điểm hoặc phạm vi tính, cả hai đều có thể đúng",
            "The figures may have different dates or bases; both can be right",
        ),
        "derived only": (
            "Chỉ suy ra được, báo cáo không có số thứ hai để đối chiếu",
            "Derived only: the report gives nothing to compare it with",
        ),
    },
}

#: Verdicts a known exception may carry (``data/known_exceptions.csv``, column ``verdict``).
EXCEPTION_VERDICTS: tuple[str, ...] = (
    "does not hold as stated",
    "depends on our model",
    "different bases or dates",
)

#: The 10 district-level units and 4 committees directly under the provincial
#: committee: printed names (as the report spells them) and a schematic tile
#: position (row, column) that follows Kon Tum's rough geography, north at top.
UNITS: dict[str, dict] = {
    "tp_kon_tum": {
        "kind": "thanh_pho",
        "printed": ["thành phố Kon Tum", "Thành phố Kon Tum"],
        "tile": (3, 1),
    },
    "dak_glei": {"kind": "huyen", "printed": ["Đăk Glei"], "tile": (0, 1)},
    "ngoc_hoi": {"kind": "huyen", "printed": ["Ngọc Hồi"], "tile": (1, 0)},
    "dak_to": {"kind": "huyen", "printed": ["Đăk Tô"], "tile": (1, 1)},
    "tu_mo_rong": {"kind": "huyen", "printed": ["Tu Mơ Rông"], "tile": (1, 2)},
    "sa_thay": {"kind": "huyen", "printed": ["Sa Thầy"], "tile": (2, 0)},
    "dak_ha": {"kind": "huyen", "printed": ["Đăk Hà"], "tile": (2, 1)},
    "kon_plong": {"kind": "huyen", "printed": ["Kon Plông"], "tile": (2, 2)},
    "ia_hdrai": {"kind": "huyen", "printed": ["Ia H’Drai"], "tile": (3, 0)},
    "kon_ray": {"kind": "huyen", "printed": ["Kon Rẫy"], "tile": (3, 2)},
    "khoi_cq_dn": {"kind": "dang_uy_truc_thuoc", "printed": ["Đảng ủy Khối cơ quan và doanh nghiệp tỉnh"]},
    # The report names three of the four committees; the fourth is never printed (the
    # report only says "14/14 cấp ủy trực thuộc Tỉnh ủy"): its label is not the report's.
    "quan_su": {"kind": "dang_uy_truc_thuoc", "printed": []},
    "cong_an": {"kind": "dang_uy_truc_thuoc", "printed": ["Đảng ủy Công an tỉnh"]},
    "bien_phong": {"kind": "dang_uy_truc_thuoc", "printed": ["Đảng ủy Bộ đội Biên phòng tỉnh"]},
}

#: Units of the figure columns (the value of a column's ``unit``): ``(vietnamese, english)``.
#: The unit also stands in the column's name (``_count``, ``_pct``, ``_years``).
UNIT_LABELS: dict[str, tuple[str, str]] = {
    "units": ("đơn vị", "units"),
    "persons": ("người", "persons"),
    "units or persons": ("đơn vị hoặc người", "units or persons"),
    "person-times": ("lượt người", "person-times"),
    "times": ("lượt", "times"),
    "documents": ("văn bản", "documents"),
    "classes": ("lớp", "classes"),
    "years": ("tuổi", "years"),
    "%": ("%", "%"),
    "% (as printed; percentage points or percent of target, see notebooks)": (
        "% (như bản in: điểm phần trăm hoặc phần trăm của mục tiêu, xem các sổ tay phân tích)",
        "% (as printed; percentage points or percent of target, see notebooks)",
    ),
    "as the relation (printed minus recomputed)": (
        "theo đơn vị của quan hệ (số in trừ số tính lại)",
        "as the relation (printed minus recomputed)",
    ),
}


def _make_text(vi: str, en: str) -> dict[str, str]:
    """Return a text in both languages, ``{"vi": vi, "en": en}``."""
    return {"vi": vi, "en": en}


PROVENANCE_COLUMNS: dict[str, dict] = {
    "source_id": {
        "type": "string",
        "description": _make_text(
            "Mã văn bản nguồn, liệt kê trong tệp data/source/sources.csv.",
            "Source document (data/source/sources.csv).",
        ),
    },
    "location": {
        "type": "string",
        "description": _make_text(
            "Vị trí của số liệu trong báo cáo: một mục của phần nội dung như II.3, hoặc một chú thích như "
            "fn10 (chú thích 10).",
            "Where the figure stands: a body section such as II.3, or a footnote such as fn10.",
        ),
    },
    "quote": {
        "type": "string",
        "description": _make_text(
            "Câu trích nguyên văn có in số liệu (ở dạng đọc: gộp các khoảng trắng liền nhau, bỏ dấu dẫn chú thích).",
            "Verbatim quote that prints the figure (reading form: whitespace collapsed, footnote anchors removed).",
        ),
    },
}


def _cat(name: str, vi: str, en: str) -> dict:
    return {"type": "category", "categories": name, "description": _make_text(vi, en)}


def _int(vi: str, en: str, unit: str, required: bool = True) -> dict:
    return {
        "type": "integer",
        "unit": unit,
        "min": 0,
        "required": required,
        "description": _make_text(vi, en),
    }


def _pct(vi: str, en: str, required: bool = False) -> dict:
    return {
        "type": "number",
        "unit": "%",
        "min": 0,
        "max": 100,
        "required": required,
        "description": _make_text(vi, en),
    }


_PERIOD = ("Khoảng thời gian.", "Period.")
_AREA = ("Toàn tỉnh hoặc đơn vị được nêu tên.", "Province or named unit.")
_TARGET = ("Tổ chức đảng hay đảng viên.", "Organisations or members.")

#: Every data table: its title and description (each ``{"vi": …, "en": …}``), the report's
#: sections it comes from, its key, and its columns (type, unit, range, description).
TABLES: dict[str, dict] = {
    "organisations": {
        "title": _make_text("Tổ chức đảng, chi bộ và thôn", "Party organisations, cells and villages"),
        "description": _make_text(
            "Số tổ chức cơ sở đảng, chi bộ trực thuộc, đảng bộ bộ phận và thôn, tổ dân phố tại một thời điểm, "
            "theo loại hình tổ chức cơ sở đảng.",
            "Stock of party organisations, cells and villages at a date, by type of organisation.",
        ),
        "section": "II.2",
        "key": ["period", "entity", "org_type"],
        "columns": {
            "period": _cat("period", "Thời điểm của số liệu.", "Date of the stock."),
            "entity": _cat("entity", "Đối tượng được đếm.", "What is counted."),
            "org_type": _cat(
                "org_type",
                "Loại hình tổ chức cơ sở đảng (tat_ca = tất cả loại hình).",
                "Type of grassroots organisation (tat_ca = all).",
            ),
            "count": _int("Số đơn vị.", "Number of units.", "units"),
            "share_pct": _pct(
                "Tỉ lệ in trong báo cáo, so với tổng số mọi loại hình của cùng đối tượng, cùng thời điểm.",
                "Printed share of the all-types total of the same entity and period.",
            ),
        },
    },
    "restructuring": {
        "title": _make_text(
            "Thành lập mới, giải thể, sáp nhập tổ chức đảng",
            "Party organisations established, dissolved and merged",
        ),
        "description": _make_text(
            "Số tổ chức đảng thành lập mới, giải thể, sáp nhập từ 8-2016 đến nay, và số thôn, tổ dân phố giảm "
            "sau đợt sắp xếp.",
            "Party organisations newly established, dissolved or merged since Aug 2016, and the net reduction "
            "of villages.",
        ),
        "section": "II.2, II.5",
        "key": ["period", "action", "unit_kind"],
        "columns": {
            "period": _cat("period", "Khoảng thời gian của biến động.", "Period of the flow."),
            "action": _cat(
                "action",
                "Biến động của đơn vị: thành lập mới, giải thể, sáp nhập hay giảm.",
                "What happened to the units.",
            ),
            "unit_kind": _cat(
                "unit_kind",
                "Loại đơn vị (tat_ca = tất cả tổ chức đảng).",
                "Kind of unit (tat_ca = all party organisations).",
            ),
            "count": _int("Số đơn vị.", "Number of units.", "units"),
        },
    },
    "stated_changes": {
        "title": _make_text(
            "Thay đổi và so sánh với mục tiêu do báo cáo nêu",
            "Changes and comparisons with targets stated by the report",
        ),
        "description": _make_text(
            "Mọi mức tăng, giảm hay so sánh với mốc gốc hoặc mục tiêu mà báo cáo nêu bằng tỉ lệ phần trăm; mức "
            "gốc và mục tiêu suy ra từ đó được tính trong nq03lib.analysis.derive.",
            "Every change or comparison with a baseline or target stated in percent; the baselines and "
            "targets they imply are derived in nq03lib.analysis.derive.",
        ),
        "section": "II.2–II.4, fn2, fn5–fn7",
        "key": ["indicator", "area", "reference", "statement"],
        "columns": {
            "indicator": _cat("indicator", "Chỉ tiêu có thay đổi.", "What changed."),
            "area": _cat("area", *_AREA),
            "reference": _cat(
                "reference",
                "Mốc gốc hoặc mục tiêu mà câu văn so sánh với.",
                "The baseline or target the statement compares with.",
            ),
            "statement": _cat(
                "statement",
                "Cách nói trong báo cáo: tăng, giảm, vượt, đạt … so với, từ … trở lên.",
                "The printed wording: tăng, giảm, vượt, đạt … so với, từ … trở lên.",
            ),
            "value_pct": {
                "type": "number",
                "unit": "% (as printed; percentage points or percent of target, see notebooks)",
                "min": 0,
                "max": 100,
                "required": True,
                "description": _make_text("Tỉ lệ phần trăm in trong báo cáo.", "The printed percentage."),
            },
        },
    },
    "rates": {
        "title": _make_text("Tỉ lệ (tử số / mẫu số)", "Rates (numerator / denominator)"),
        "description": _make_text(
            "Các tỉ lệ báo cáo in dưới dạng số đạt/tổng số, tỉ lệ phần trăm hoặc cả hai, theo chỉ tiêu, địa "
            "bàn và thời điểm.",
            "Rates printed as count/total and/or percentage, by indicator, area and period.",
        ),
        "section": "II.2–II.5, fn2, fn7, fn11–fn13, fn20, fn21",
        "key": ["indicator", "area", "period"],
        "columns": {
            "indicator": _cat("indicator", "Chỉ tiêu được đo.", "What is measured."),
            "area": _cat("area", *_AREA),
            "period": _cat("period", "Thời điểm hoặc năm.", "Date or year."),
            "numerator_count": _int(
                "Số đơn vị đạt chỉ tiêu (tử số).", "Units that meet the indicator.", "units", required=False
            ),
            "denominator_count": _int(
                "Tổng số đơn vị được tính (mẫu số).", "Units in the population.", "units", required=False
            ),
            "share_pct": _pct("Tỉ lệ phần trăm in trong báo cáo.", "Printed percentage."),
        },
    },
    "documents": {
        "title": _make_text("Văn bản triển khai", "Documents issued to implement the resolution"),
        "description": _make_text(
            "Số văn bản ban hành để triển khai thực hiện Nghị quyết, theo cấp ban hành.",
            "Documents issued to implement the resolution, by level.",
        ),
        "section": "fn1",
        "key": ["doc_level"],
        "columns": {
            "doc_level": _cat("doc_level", "Cấp ban hành văn bản.", "Level that issued the documents."),
            "document_count": _int("Số văn bản.", "Number of documents.", "documents"),
        },
    },
    "training_classes": {
        "title": _make_text("Lớp đào tạo, bồi dưỡng", "Training classes"),
        "description": _make_text(
            "Số lớp đào tạo, bồi dưỡng đã mở từ năm 2016 đến nay, theo trình độ.",
            "Training classes opened since 2016, by level.",
        ),
        "section": "II.2, fn3",
        "key": ["period", "training_level"],
        "columns": {
            "period": _cat("period", *_PERIOD),
            "training_level": _cat(
                "training_level",
                "Trình độ của lớp (tat_ca = tất cả các lớp).",
                "Level of the class (tat_ca = all).",
            ),
            "class_count": _int("Số lớp.", "Number of classes.", "classes"),
        },
    },
    "training_participants": {
        "title": _make_text(
            "Lượt người tham gia đào tạo, bồi dưỡng và hội thi",
            "Participants in training, refresher courses and the contest",
        ),
        "description": _make_text(
            "Số lượt người tham gia đào tạo, bồi dưỡng và nâng cao nghiệp vụ, số bí thư, phó bí thư chi bộ thôn "
            "mới trúng cử lần đầu được đưa về đảng ủy xã, thị trấn và cơ quan tham mưu huyện ủy để bồi dưỡng, "
            "và số lượt thí sinh hội thi bí thư chi bộ giỏi.",
            "Participants (person-times) in training, skills courses, the new village secretaries' attachment "
            "and the best-secretary contest.",
        ),
        "section": "II.2, fn4",
        "key": ["period", "programme", "participant_kind", "area"],
        "columns": {
            "period": _cat("period", *_PERIOD),
            "programme": _cat("programme", "Chương trình.", "Programme."),
            "participant_kind": _cat(
                "participant_kind",
                "Hình thức tham gia (tat_ca = tất cả).",
                "Kind of participation (tat_ca = all).",
            ),
            "area": _cat(
                "area",
                "Toàn tỉnh, đơn vị được nêu tên, hoặc nhieu_don_vi khi báo cáo nêu chung nhiều đơn vị.",
                "Province, unit, or nhieu_don_vi for several named units.",
            ),
            "participant_count": _int(
                "Số lượt người tham gia (lượt đồng chí, lượt thí sinh).",
                "Participants (person-times, lượt).",
                "person-times",
            ),
        },
    },
    "membership": {
        "title": _make_text("Đảng viên năm 2021", "Party members in 2021"),
        "description": _make_text(
            "Số đảng viên năm 2021 theo dân tộc, giới tính, đoàn viên thanh niên, tôn giáo và loại hình tổ chức "
            "cơ sở đảng.",
            "Party members in 2021 by ethnicity, gender, youth union, religion and type of grassroots "
            "organisation.",
        ),
        "section": "II.4",
        "key": ["period", "dimension", "group"],
        "columns": {
            "period": _cat("period", "Thời điểm.", "Date."),
            "dimension": _cat("dimension", "Tiêu chí phân tổ.", "Breakdown."),
            "group": _cat(
                "group",
                "Nhóm trong tiêu chí phân tổ (tat_ca = toàn bộ đảng viên).",
                "Group within the breakdown (tat_ca = all members).",
            ),
            "member_count": _int("Số đảng viên.", "Party members.", "persons"),
            "share_pct": _pct(
                "Tỉ lệ in trong báo cáo, so với tổng số đảng viên.", "Printed share of all members."
            ),
        },
    },
    "membership_age": {
        "title": _make_text("Tuổi đời bình quân của đảng viên", "Average age of party members"),
        "description": _make_text(
            "Tuổi đời bình quân của đảng viên toàn tỉnh.", "Average age of party members."
        ),
        "section": "II.4",
        "key": ["period"],
        "columns": {
            "period": _cat("period", "Thời điểm.", "Date."),
            "mean_age_years": {
                "type": "number",
                "unit": "years",
                "min": 18,
                "max": 100,
                "required": True,
                "description": _make_text("Tuổi đời bình quân.", "Average age."),
            },
        },
    },
    "recruitment": {
        "title": _make_text("Kết nạp đảng viên", "Members admitted"),
        "description": _make_text(
            "Số đảng viên được kết nạp từ khi ban hành Nghị quyết (8-2016) và từ đầu nhiệm kỳ 2020–2025, theo "
            "nhóm.",
            "Members admitted since the resolution (Aug 2016) and since the 2020–2025 term, by group.",
        ),
        "section": "II.5",
        "key": ["period", "dimension", "group"],
        "columns": {
            "period": _cat("period", *_PERIOD),
            "dimension": _cat("dimension", "Tiêu chí phân tổ.", "Breakdown."),
            "group": _cat(
                "group",
                "Nhóm trong tiêu chí phân tổ (tat_ca = toàn bộ đảng viên được kết nạp).",
                "Group within the breakdown (tat_ca = all recruits).",
            ),
            "recruit_count": _int("Số đảng viên được kết nạp.", "Members admitted.", "persons"),
            "share_pct": _pct(
                "Tỉ lệ in trong báo cáo, so với tổng số đảng viên được kết nạp trong cùng khoảng thời gian.",
                "Printed share of all recruits of the period.",
            ),
        },
    },
    "ratings_organisations": {
        "title": _make_text(
            "Xếp loại chất lượng TCCSĐ 2016–2020", "Quality ratings of grassroots organisations, 2016–2020"
        ),
        "description": _make_text(
            "Tỉ lệ TCCSĐ theo từng mức xếp loại và từng năm: năm 2016–2017 theo cách phân loại cũ, từ năm 2018 "
            "theo cách xếp loại mới. TSVMTB in trong ngoặc sau TSVM (là một phần của TSVM).",
            "Share of grassroots organisations per rating and year; old scheme 2016–2017, new scheme from "
            "2018. TSVMTB is printed inside TSVM's parentheses (a subset).",
        ),
        "section": "fn10 (II.3)",
        "key": ["year", "rating"],
        "columns": {
            "year": _cat("period", "Năm xếp loại.", "Year rated."),
            "scheme": _cat("scheme", "Cách xếp loại áp dụng năm đó.", "Rating scheme of that year."),
            "rating": _cat("rating", "Mức xếp loại.", "Rating category."),
            "share_pct": _pct(
                "Tỉ lệ in trong báo cáo, so với số TCCSĐ được xếp loại.",
                "Printed share of organisations rated.",
                required=True,
            ),
        },
    },
    "ratings_members": {
        "title": _make_text(
            "Xếp loại chất lượng đảng viên 2016–2020", "Quality ratings of party members, 2016–2020"
        ),
        "description": _make_text(
            "Tỉ lệ đảng viên theo từng mức xếp loại và từng năm (báo cáo dùng tên các mức xếp loại mới cho mọi "
            "năm).",
            "Share of party members per rating and year (printed with the new labels in all years).",
        ),
        "section": "fn10 (II.3)",
        "key": ["year", "rating"],
        "columns": {
            "year": _cat("period", "Năm xếp loại.", "Year rated."),
            "rating": _cat("rating", "Mức xếp loại.", "Rating category."),
            "share_pct": _pct(
                "Tỉ lệ in trong báo cáo, so với số đảng viên được xếp loại.",
                "Printed share of members rated.",
                required=True,
            ),
        },
    },
    "failing_counts": {
        "title": _make_text(
            "Số tổ chức đảng, đảng viên không hoàn thành nhiệm vụ",
            "Party organisations and members rated as not fulfilling their tasks",
        ),
        "description": _make_text(
            "Số xếp loại không HTNV (hoặc yếu kém): đảng viên theo từng năm; tổ chức đảng cộng cả giai đoạn "
            "2016–2020.",
            "Counts rated không HTNV (or yếu kém): members per year; organisations over 2016–2020.",
        ),
        "section": "fn16, fn17 (III.2)",
        "key": ["subject", "period"],
        "columns": {
            "subject": _cat("subject", "Đối tượng được xếp loại.", "Who was rated."),
            "period": _cat("period", "Năm hoặc giai đoạn.", "Year or span."),
            "failing_count": _int("Số xếp loại không HTNV.", "Number rated không HTNV.", "units or persons"),
        },
    },
    "inspections": {
        "title": _make_text("Kiểm tra, giám sát", "Inspection and supervision"),
        "description": _make_text(
            "Số lượt kiểm tra, giám sát tổ chức đảng và đảng viên từ 8-2016 đến nay, theo cấp tiến hành.",
            "Inspections and supervisions of party organisations (times) and members since Aug 2016, by level.",
        ),
        "section": "II.6",
        "key": ["period", "level", "target", "activity"],
        "columns": {
            "period": _cat("period", *_PERIOD),
            "level": _cat(
                "level",
                "Cấp tiến hành (tat_ca = cấp ủy, ủy ban kiểm tra các cấp và chi bộ).",
                "Level that carried them out (tat_ca = all levels and cells).",
            ),
            "target": _cat("target", *_TARGET),
            "activity": _cat(
                "activity", "Kiểm tra, giám sát, hay cả hai.", "Inspection, supervision, or both."
            ),
            "inspection_count": _int(
                "Số lượt kiểm tra, giám sát.", "Inspections/supervisions (lượt for organisations).", "times"
            ),
        },
    },
    "discipline": {
        "title": _make_text("Thi hành kỷ luật", "Discipline"),
        "description": _make_text(
            "Số tổ chức đảng và đảng viên bị thi hành kỷ luật từ 8-2016 đến nay, theo hình thức kỷ luật.",
            "Party organisations and members disciplined since Aug 2016, by form.",
        ),
        "section": "II.6",
        "key": ["period", "target", "form"],
        "columns": {
            "period": _cat("period", *_PERIOD),
            "target": _cat("target", *_TARGET),
            "form": _cat(
                "form", "Hình thức kỷ luật (tat_ca = tất cả hình thức).", "Form of discipline (tat_ca = all)."
            ),
            "disciplined_count": _int("Số bị thi hành kỷ luật.", "Number disciplined.", "units or persons"),
        },
    },
    "unit_mentions": {
        "title": _make_text("Đơn vị được nêu tên", "Units named by the report"),
        "description": _make_text(
            "Mỗi huyện, thành phố hoặc đảng ủy trực thuộc Tỉnh ủy mà báo cáo nêu tên là điển hình hoặc còn hạn "
            "chế (số liệu gắn với một đơn vị nằm ở các bảng rates, stated_changes và training_participants).",
            "Each district, city or committee the report names as exemplary or for a shortfall (figures "
            "attached to a unit are in rates, stated_changes and training_participants).",
        ),
        "section": "II.2, III.2, fn4, fn6, fn7, fn15, fn16, fn18–fn21",
        "key": ["area", "topic", "organisation"],
        "columns": {
            "area": _cat("area", "Đơn vị được nêu tên.", "Named unit."),
            "topic": _cat("topic", "Lý do được nêu tên.", "Why it is named."),
            "valence": _cat("valence", "Điển hình hay hạn chế.", "Exemplary or shortfall."),
            "organisation": {
                "type": "string",
                "required": False,
                "description": _make_text(
                    "Tổ chức được nêu tên trong đơn vị, nếu có.",
                    "The organisation named inside the unit, if any.",
                ),
            },
        },
    },
    "restatements": {
        "title": _make_text("Số liệu được nhắc lại", "Figures printed again"),
        "description": _make_text(
            "Những chỗ báo cáo in lại một số liệu đã lưu một lần ở chỗ khác; mỗi chỗ là một phép đối chiếu "
            "“cùng một số ở hai chỗ” của phần kiểm tra.",
            "Places where the report prints again a figure stored once elsewhere; each is a cross-reference "
            "relation of the audit.",
        ),
        "section": "II.2, III.2, fn14",
        "key": ["table", "row_key", "column", "location"],
        "columns": {
            "table": {
                "type": "string",
                "description": _make_text("Bảng chứa số liệu.", "Table holding the figure."),
            },
            "row_key": {
                "type": "string",
                "description": _make_text(
                    "Khóa của dòng, viết thành các cặp cột=giá trị nối với nhau bằng dấu ';'.",
                    "Key of the row, as column=value pairs joined by ';'.",
                ),
            },
            "column": {
                "type": "string",
                "description": _make_text("Cột chứa số liệu.", "Column holding the figure."),
            },
        },
    },
}

for _meta in TABLES.values():
    _meta["columns"].update(PROVENANCE_COLUMNS)
    # the same figure may be printed by several source documents (a later review restating 2021)
    _meta["key"].append("source_id")


#: Schema of ``data/known_exceptions.csv``: checked like a table on every load and by
#: ``validate`` (a new column is one more entry here). Each row explains itself in both
#: languages: ``explanation_vi`` and ``explanation_en``.
KNOWN_EXCEPTIONS: dict = {
    "title": _make_text(
        "Các quan hệ số học lệch, giữ nguyên như bản in", "Relations that fail numerically, kept as printed"
    ),
    "description": _make_text(
        "Các quan hệ của phần kiểm tra lệch về số học trên chính số liệu báo cáo in; số liệu giữ nguyên như bản "
        "in, mỗi quan hệ có kết luận và lời giải thích.",
        "Relations of the audit that fail numerically on the report's own figures, kept as printed, each "
        "with a verdict and an explanation.",
    ),
    "key": ["relation_id"],
    "allow_empty": True,
    "columns": {
        "relation_id": {
            "type": "string",
            "description": _make_text(
                "Mã của quan hệ, đúng như kết quả kiểm tra ghi (lệnh python -m nq03lib audit).",
                "Id of the relation in the audit (python -m nq03lib audit).",
            ),
        },
        "difference": {
            "type": "number",
            "unit": "as the relation (printed minus recomputed)",
            "description": _make_text(
                "Số in trừ số tính lại, đúng như phần kiểm tra tính.",
                "Printed minus recomputed, as the audit computes it.",
            ),
        },
        "verdict": {
            "type": "string",
            "pattern": "|".join(EXCEPTION_VERDICTS),
            "expected": "one of: " + ", ".join(repr(v) for v in EXCEPTION_VERDICTS),
            "codes_of": "verdict",  # for the data dictionary: three of the codes of category verdict
            "description": _make_text(
                "Loại ngoại lệ: quan hệ do chính báo cáo nêu chưa thống nhất (cần làm rõ), chênh lệch do cách "
                "tính biến động của nhóm phân tích, hay hai số khác thời điểm hoặc phạm vi tính.",
                "What kind of exception: the report's stated relation does not hold, the gap comes from this "
                "project's model of the flows, or the figures have different bases or dates.",
            ),
        },
        "explanation_vi": {
            "type": "string",
            "description": _make_text(
                "Lời giải thích bằng tiếng Việt: vì sao quan hệ lệch ở đây và nên đọc chênh lệch thế nào.",
                "The explanation in Vietnamese: why the relation fails here and how to read the gap.",
            ),
        },
        "explanation_en": {
            "type": "string",
            "description": _make_text(
                "Cùng lời giải thích đó, bằng tiếng Anh.",
                "The same explanation in English.",
            ),
        },
    },
}

#: Schema of ``data/source/sources.csv``: one row per source document.
SOURCES: dict = {
    "title": _make_text("Văn bản nguồn", "Source documents"),
    "description": _make_text(
        "Các văn bản nguồn: tệp văn bản trong data/source/ và mã SHA-256 của tệp.",
        "Source documents: their text file in data/source/ and its SHA-256.",
    ),
    "key": ["source_id"],
    "columns": {
        "source_id": {
            "type": "string",
            "pattern": r"[a-z0-9][a-z0-9-]*",
            "expected": "an id of lower-case letters, digits and '-', e.g. bc124-2021",
            "description": _make_text(
                "Mã của văn bản nguồn, dùng ở cột source_id của mọi bảng.",
                "Identifier of the source, used in every table's source_id.",
            ),
        },
        "file": {
            "type": "string",
            "pattern": r"[^/\\:*?\"<>|]+\.txt",
            "expected": "the name of a .txt file inside data/source/, e.g. bao-cao-124-BC-TU-2021-09-28.txt",
            "description": _make_text(
                "Tệp văn bản của báo cáo trong data/source/.", "Text file of the report in data/source/."
            ),
        },
        "number": {
            "type": "string",
            "description": _make_text(
                "Số hiệu văn bản, ví dụ 124-BC/TU.", "Document number, e.g. 124-BC/TU."
            ),
        },
        "title": {"type": "string", "description": _make_text("Trích yếu, như bản in.", "Title as printed.")},
        "issuer": {"type": "string", "description": _make_text("Cơ quan ban hành.", "Issuing body.")},
        "date": {
            "type": "string",
            "pattern": r"\d{4}-\d{2}-\d{2}",
            "expected": "a date written YYYY-MM-DD, e.g. 2021-09-28",
            "description": _make_text("Ngày ban hành văn bản.", "Date of the document."),
        },
        "sha256": {
            "type": "string",
            "pattern": "[0-9a-f]{64}",
            "expected": "the SHA-256 of the text file: 64 lower-case hexadecimal digits",
            "description": _make_text(
                "Mã SHA-256 của nội dung tệp văn bản.", "SHA-256 of the text file's bytes."
            ),
        },
        "title_en": {
            "type": "string",
            "required": False,
            "description": _make_text("Trích yếu bằng tiếng Anh.", "Title in English."),
        },
        "issuer_en": {
            "type": "string",
            "required": False,
            "description": _make_text("Cơ quan ban hành, bằng tiếng Anh.", "Issuer in English."),
        },
    },
}

#: Numbers the report prints that are not data: document numbers, dates, years,
#: terms, section and annex numbers and the "05 năm"/"03 năm" of the titles
#: (regular expressions). Every other number printed must be stored at its location.
NON_DATA: list[str] = [
    r"\d+-[A-ZĐa-zđ]+/[A-ZĐ]+",  # document numbers: 03-NQ/TU, 10-QĐi/TU, 12-HD/BTCTW
    r"ngày \d+ tháng \d+ năm \d{4}",  # the report's date
    r"\d{1,2}-\d{1,2}-\d{4}",  # dates: 08-8-2016
    r"\d{4}-\d{4}",  # terms: 2020-2025
    r"(?:tháng )?\d{1,2}[-/]\d{4}",  # months: 8-2016, 8/2016
    r"20[12]\d(?!\d)",  # years
    r"biểu \d+",  # annex tables
    r"^\s*\d\.",  # section numbers
    r"0[35] năm",  # "05 năm", "03 năm": the periods evaluated
    r"Trung ương 4",  # 4th plenum
    r"Số \d+",  # report number
    r"Nghị quyết 03",  # the resolution's short name
]

_YEAR_LABELS = {"side": "before", "labels": {y: [f"{y}:"] for y in ("2016", "2017", "2018", "2019", "2020")}}
_RATING_LABELS = {
    "tsvm": ["TSVM"],
    "tsvmtb": ["TSVMTB"],
    "htxsnv": ["HTXSNV"],
    "httnv": ["HTTNV"],
    "htnv": ["HTNV"],
    "yeu_kem": ["yếu kém"],
    "khong_htnv": ["Không HTNV"],
}
_GROUP_LABELS = {
    "dtts": ["dân tộc thiểu số"],
    "nu": ["nữ"],
    "doan_vien": ["đoàn thanh niên"],
    "co_ton_giao": ["tôn giáo"],
    "xa_phuong_thi_tran": ["xã, phường, thị trấn"],
    "co_quan_hanh_chinh": ["cơ quan hành chính"],
    "don_vi_su_nghiep": ["đơn vị sự nghiệp"],
    "doanh_nghiep": ["doanh nghiệp"],
    "luc_luong_vu_trang": ["lực lượng vũ trang"],
}
_GROUP_DIMENSION = {
    "tat_ca": ["tong"],
    "dtts": ["dan_toc"],
    "nu": ["gioi_tinh"],
    "doan_vien": ["doan_thanh_nien"],
    "co_ton_giao": ["ton_giao"],
    **{
        g: ["loai_hinh_tccsd"]
        for g in (
            "xa_phuong_thi_tran",
            "co_quan_hanh_chinh",
            "don_vi_su_nghiep",
            "doanh_nghiep",
            "luc_luong_vu_trang",
        )
    },
}
_TARGET_LABELS = {"to_chuc_dang": ["tổ chức đảng"], "dang_vien": ["đảng viên"]}
_NEW_RATINGS = ["htxsnv", "httnv", "htnv", "khong_htnv"]

#: What the quote (or the schema) fixes in each table, beyond the figures being printed:
#:
#: - ``cues``: a category column's codes and the words that stand beside the row's figure
#:   (``side`` ``before`` or ``after`` the number, nothing but spaces or ``:()`` between) or
#:   anywhere in the quote (``in_quote``: the quote must print the row's words, and no other
#:   code's; with ``strict: False`` only when it prints some code's words). ``scope: "shared"``
#:   applies a cue only among rows sharing one quote whose codes differ. ``values`` limits the
#:   figures a cue ties (default: all). So a value swapped between rows that share a quote, or
#:   a code changed, is caught. Rows sharing a quote may differ only in cued columns and area.
#: - ``value_cues``: the words beside each figure column when a row stores several figures
#:   of one quote (a share after "chiếm" or before "%", a count before "/").
#: - ``depends``: the codes a column allows for each code of another column (``on``), or for
#:   every row (no ``on``); ``source`` limits a rule to the rows of one source document.
#: - ``required_if``: text columns that must be filled for some codes of another column.
#: - ``in_quote``: text columns whose value the quote must contain verbatim.
#: - ``units_named``: ``"always"`` if the quote must name the row's unit (``area``); otherwise
#:   a quote that names units must name the row's.
#:
#: Labels are matched ignoring case, as whole words.
QUOTE_CHECKS: dict[str, dict] = {
    "organisations": {
        "depends": {"period": {"source": "bc124-2021", "allowed": ["2016-08", "2021"]}},
        "value_cues": {"share_pct": {"side": "before", "labels": ["chiếm"]}},
        "cues": [
            {"column": "org_type", "side": "in_quote", "labels": _GROUP_LABELS},
            {
                "column": "entity",
                "side": "in_quote",
                "labels": {
                    "tccsd": ["tổ chức cơ sở đảng", "TCCSĐ", "TCSSĐ"],
                    "chi_bo_truc_thuoc": ["chi bộ"],
                    "dang_bo_bo_phan": ["đảng bộ bộ phận"],
                    "thon": ["thôn"],
                },
            },
        ],
    },
    "restructuring": {
        "depends": {"period": {"source": "bc124-2021", "allowed": ["2016-08/2021", "sap_xep_thon"]}},
        "cues": [
            {
                "column": "unit_kind",
                "side": "after",
                "labels": {
                    "tat_ca": ["tổ chức đảng"],
                    "nang_chi_bo_thanh_dang_bo": ["chi bộ thành đảng bộ"],
                    "dang_bo_co_so": ["đảng bộ cơ sở"],
                    "chi_bo_co_so": ["chi bộ cơ sở"],
                    "chi_bo_truc_thuoc": ["chi bộ trực thuộc"],
                    "thon": ["thôn"],
                },
            },
            {
                "column": "action",
                "side": "in_quote",
                "labels": {
                    "thanh_lap_moi": ["thành lập mới", "nâng"],
                    "giai_the": ["giải thể"],
                    "sap_nhap": ["sáp nhập"],
                    "giam": ["giảm"],
                },
            },
        ],
    },
    "stated_changes": {
        "cues": [
            {
                "column": "statement",
                "side": "before",
                "labels": {
                    "tang": ["tăng"],
                    "giam": ["giảm"],
                    "vuot": ["vượt"],
                    "dat_so_voi": ["đạt"],
                    "tu_tro_len": ["từ"],
                },
            },
            {
                "column": "reference",
                "side": "in_quote",
                "labels": {
                    "2016-08": ["thời điểm ban hành", "từ"],
                    "2019-09": ["sơ kết"],
                    "muc_tieu_nq03": ["mục tiêu Nghị quyết"],
                    "muc_tieu_nq01_2021": ["01-NQ/TU"],
                    "moi_nam_2016_2020": ["hằng năm"],
                },
            },
            {
                "column": "indicator",
                "side": "in_quote",
                "strict": False,
                "labels": {
                    "thon_truong_la_dang_vien": ["là đảng viên"],
                    "bi_thu_kiem_thon_truong": ["kiêm thôn trưởng"],
                    "tccsd_count": ["TCCSĐ"],
                    "chi_bo_truc_thuoc_count": ["chi bộ"],
                    "dang_vien_noi_cu_tru_chap_hanh_tot": ["chấp hành tốt"],
                },
            },
        ],
    },
    "rates": {
        "value_cues": {
            "numerator_count": {"side": "after", "labels": ["/"]},
            "denominator_count": {"side": "before", "labels": ["/"]},
            "share_pct": {"side": "after", "labels": ["%"]},
        },
        "cues": [
            {"column": "period", **_YEAR_LABELS},
            {
                "column": "indicator",
                "side": "in_quote",
                "strict": False,
                "labels": {
                    "thon_truong_la_dang_vien": ["là đảng viên"],
                    "bi_thu_kiem_thon_truong": ["kiêm thôn trưởng"],
                    "thon_co_to_chuc_dang": ["thôn đã có tổ chức đảng"],
                    "chi_bo_sinh_hoat_chuyen_de": ["sinh hoạt chuyên đề"],
                    "cap_uy_vien_phu_trach_tccsd": ["phụ trách các TCCSĐ"],
                    "cap_uy_vien_phu_trach_xa": ["phụ trách các xã, phường, thị trấn"],
                    "cap_uy_vien_xa_phu_trach_chi_bo": ["phụ trách các chi bộ"],
                    "dang_vien_xay_dung_cam_ket": ["cam kết"],
                    "dang_vien_phu_trach_ho": ["phụ trách hộ"],
                    "dang_vien_gioi_thieu_noi_cu_tru": ["giới thiệu về sinh hoạt"],
                    "dang_vien_noi_cu_tru_chap_hanh_tot": ["chấp hành tốt"],
                    "huyen_hoan_thanh_sap_xep_thon": ["sắp xếp"],
                    "cap_uy_to_chuc_hoi_thi": ["hội thi"],
                },
            },
        ],
    },
    "documents": {
        "cues": [
            {
                "column": "doc_level",
                "side": "in_quote",
                "labels": {"cap_huyen": ["cấp huyện"], "cap_xa": ["cấp xã"]},
            }
        ],
    },
    "training_classes": {
        "depends": {"period": {"source": "bc124-2021", "allowed": ["2016/2021"]}},
        "cues": [
            {
                "column": "training_level",
                "side": "before",
                "labels": {
                    "dai_hoc": ["Đại học"],
                    "thac_si": ["thạc sĩ"],
                    "cao_cap": ["cao cấp"],
                    "trung_cap": ["trung cấp"],
                    "boi_duong_nghiep_vu": ["bồi dưỡng nghiệp vụ"],
                },
            }
        ],
    },
    "training_participants": {
        "depends": {"period": {"source": "bc124-2021", "allowed": ["2016/2021"]}},
        "cues": [
            {
                "column": "participant_kind",
                "side": "before",
                "labels": {
                    "chuyen_mon": ["chuyên môn:"],
                    "ly_luan_chinh_tri": ["lý luận chính trị:"],
                    "nghiep_vu_cong_tac_dang": ["nghiệp vụ công tác đảng:"],
                    "nghiep_vu_doan_the": ["nghiệp vụ đoàn thể chính trị:"],
                    "cap_nhat_kien_thuc": ["cập nhật kiến thức mới:"],
                    "ve_dang_uy_xa": ["đảng ủy xã, thị trấn"],
                    "ve_co_quan_tham_muu": ["giúp việc huyện uỷ"],
                },
            },
            {
                "column": "area",
                "side": "before",
                "labels": {"sa_thay": ["Sa Thầy có"], "kon_ray": ["Kon Rẫy có"]},
            },
            {
                "column": "programme",
                "side": "in_quote",
                "strict": False,
                "labels": {
                    "nang_cao_nghiep_vu": ["nâng cao nghiệp vụ"],
                    "bi_thu_thon_moi": ["thôn mới"],
                    "hoi_thi_bi_thu": ["hội thi"],
                },
            },
        ],
    },
    "membership": {
        "value_cues": {"share_pct": {"side": "before", "labels": ["chiếm"]}},
        "cues": [{"column": "group", "side": "in_quote", "labels": _GROUP_LABELS}],
        "depends": {
            "dimension": {"on": "group", "allowed": _GROUP_DIMENSION},
            "period": {"source": "bc124-2021", "allowed": ["2021"]},
        },
    },
    "membership_age": {"depends": {"period": {"source": "bc124-2021", "allowed": ["2021"]}}},
    "recruitment": {
        "value_cues": {"share_pct": {"side": "before", "labels": ["chiếm"]}},
        "cues": [
            {"column": "group", "side": "in_quote", "labels": _GROUP_LABELS},
            {"column": "period", "side": "in_quote", "labels": {"2020/2021": ["nhiệm kỳ"]}},
        ],
        "depends": {
            "dimension": {"on": "group", "allowed": _GROUP_DIMENSION},
            "period": {"source": "bc124-2021", "allowed": ["2016-08/2021", "2020/2021"]},
        },
    },
    "ratings_organisations": {
        "cues": [{"column": "rating", "side": "before", "labels": _RATING_LABELS}],
        "depends": {
            "scheme": {
                "on": "year",
                "allowed": {
                    "2016": ["cu_2016_2017"],
                    "2017": ["cu_2016_2017"],
                    "2018": ["moi_tu_2018"],
                    "2019": ["moi_tu_2018"],
                    "2020": ["moi_tu_2018"],
                },
                "why": "the report rates 2016–2017 with the old scheme and 2018–2020 with the new one",
            },
            "rating": {
                "on": "scheme",
                "allowed": {
                    "cu_2016_2017": ["tsvm", "tsvmtb", "httnv", "htnv", "yeu_kem"],
                    "moi_tu_2018": _NEW_RATINGS,
                },
                "why": "each scheme has its own ratings",
            },
        },
    },
    "ratings_members": {
        "cues": [{"column": "rating", "side": "before", "labels": _RATING_LABELS}],
        "depends": {
            "rating": {
                "on": "year",
                "allowed": {y: _NEW_RATINGS for y in ("2016", "2017", "2018", "2019", "2020")},
                "why": "the report prints members' ratings with the new labels in every year",
            }
        },
    },
    "failing_counts": {
        "cues": [
            {"column": "period", **_YEAR_LABELS},
            {
                "column": "subject",
                "side": "after",
                "scope": "shared",
                "labels": {"tccsd": ["TCCSĐ"], "chi_bo_truc_thuoc": ["chi bộ trực thuộc"]},
            },
            {
                "column": "subject",
                "side": "in_quote",
                "labels": {
                    "tccsd": ["TCCSĐ"],
                    "chi_bo_truc_thuoc": ["chi bộ trực thuộc"],
                    "dang_vien": ["Đảng viên"],
                },
            },
        ],
    },
    "inspections": {
        "depends": {"period": {"source": "bc124-2021", "allowed": ["2016-08/2021"]}},
        "cues": [
            {
                "column": "activity",
                "side": "before",
                "scope": "shared",
                "labels": {
                    "kiem_tra_giam_sat": ["kiểm tra, giám sát"],
                    "kiem_tra": ["kiểm tra"],
                    "giam_sat": ["giám sát"],
                },
            },
            {
                "column": "target",
                "side": "after",
                "scope": "shared",
                "labels": {"to_chuc_dang": ["lượt tổ chức đảng"], "dang_vien": ["lượt đảng viên"]},
            },
            {"column": "target", "side": "in_quote", "labels": _TARGET_LABELS},
            {
                "column": "level",
                "side": "in_quote",
                "labels": {"cap_tinh": ["cấp tỉnh"], "cap_huyen": ["cấp huyện"], "cap_co_so": ["cấp cơ sở"]},
            },
        ],
    },
    "discipline": {
        "depends": {"period": {"source": "bc124-2021", "allowed": ["2016-08/2021"]}},
        "cues": [
            {
                "column": "form",
                "side": "before",
                "labels": {
                    "khien_trach": ["khiển trách:"],
                    "canh_cao": ["cảnh cáo:"],
                    "cach_chuc": ["cách chức:"],
                    "khai_tru": ["khai trừ:"],
                },
            },
            {"column": "target", "side": "in_quote", "labels": _TARGET_LABELS},
        ],
    },
    "unit_mentions": {
        "in_quote": ["organisation"],
        "units_named": "always",
        # every unit named at the table's locations has its row, except at fn4, which gives the
        # figures (training_participants) of the two units II.2 names
        "not_mentions": ["fn4"],
        "required_if": {"organisation": {"on": "topic", "codes": ["to_chuc_dang_khong_htnv"]}},
        "depends": {
            "valence": {
                "on": "topic",
                "allowed": {
                    "thon_truong_vuot_muc_tieu": ["dien_hinh"],
                    "thon_truong_chua_dat_muc_tieu": ["han_che"],
                    "bi_thu_kiem_thon_truong_dien_hinh": ["dien_hinh"],
                    "bi_thu_kiem_thon_truong_thap": ["han_che"],
                    "boi_duong_bi_thu_thon_moi": ["dien_hinh"],
                    "hoc_tap_lam_theo_hinh_thuc": ["han_che"],
                    "to_chuc_dang_khong_htnv": ["han_che"],
                    "lung_tung_noi_dung_chuyen_de": ["han_che"],
                    "chua_nghiem_sinh_hoat_chuyen_de": ["han_che"],
                },
                "why": "each topic is either exemplary or a shortfall",
            },
            "topic": {
                "on": "location",
                "source": "bc124-2021",
                "allowed": {
                    "II.2": ["boi_duong_bi_thu_thon_moi"],
                    "fn6": ["thon_truong_vuot_muc_tieu"],
                    "fn7": ["bi_thu_kiem_thon_truong_dien_hinh"],
                    "fn15": ["hoc_tap_lam_theo_hinh_thuc"],
                    "fn16": ["to_chuc_dang_khong_htnv"],
                    "fn18": ["lung_tung_noi_dung_chuyen_de"],
                    "fn19": ["chua_nghiem_sinh_hoat_chuyen_de"],
                    "fn20": ["thon_truong_chua_dat_muc_tieu"],
                    "fn21": ["bi_thu_kiem_thon_truong_thap"],
                },
                "why": "the report names units for one reason at each place",
            },
        },
    },
}


def value_columns(table: str) -> list[str]:
    """List the numeric columns of ``table`` (the figures a quote must print)."""
    cols = TABLES[table]["columns"]
    return [c for c, m in cols.items() if m["type"] in ("integer", "number")]


def label(category: str, code: str, lang: str = "vi") -> str:
    """Return the label of a category code in ``lang`` (``"vi"`` or ``"en"``)."""
    from nq03lib.text import did_you_mean, pick

    if category not in CATEGORIES:
        raise KeyError(f"no category {category!r}{did_you_mean(category, list(CATEGORIES))}")
    if code not in CATEGORIES[category]:
        choices = list(CATEGORIES[category])
        raise KeyError(f"no code {code!r} in category {category!r}{did_you_mean(code, choices)}")
    return pick(CATEGORIES[category][code], lang)
