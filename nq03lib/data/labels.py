"""Name every column a reader sees, in Vietnamese and English.

:data:`COLUMN_LABELS` maps each column name of the project's tables, derived
frames and chart tables to its header ``(vietnamese, english)``, Vietnamese
first as everywhere in the project; :func:`label_column` picks one.
:func:`nq03lib.display.show` uses them for the headers of every table it shows.

Conventions
-----------
* A header is short (at most about 40 characters, one line) and carries its
  unit: ``_pct`` columns "(%)", ``_pp`` columns "(điểm %)" / "(pp)", ratios
  "(lần)"; counts say what is counted ("Số đảng viên").
* Vietnamese uses the report's own terms (TCCSĐ, chi bộ trực thuộc, đảng viên,
  HTXSNV/HTTNV/HTNV/không HTNV, TSVM/TSVMTB, …); "suy ra" marks a value the
  report implies, "in trong báo cáo" a value it prints, "tính lại" one
  recomputed from the data.
* A ``<x>_label`` column, the human label of code column ``<x>``, gets the
  header of ``<x>``.
* A yes/no column gets a short statement ("Đạt mục tiêu", "Meets the target").
* Category codes that appear as pivot headers (``htnv``, ``ngoc_hoi``, …) are
  not listed here: their labels are in :data:`nq03lib.data.schema.CATEGORIES`.
"""

from __future__ import annotations

from nq03lib.text import pick

#: Header of each column, ``(vietnamese, english)``, sorted by column name.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "action": ("Loại biến động", "Action"),
    "action_label": ("Loại biến động", "Action"),
    "action_total_count": ("Tổng in trong báo cáo (số)", "Printed total of the action"),
    "activity": ("Kiểm tra hay giám sát", "Inspection or supervision"),
    "activity_label": ("Kiểm tra hay giám sát", "Inspection or supervision"),
    "added_count": ("Số thành lập mới", "Newly established"),
    "after_count": ("Số năm 2021, in trong báo cáo", "2021 stock, as printed"),
    "age_dependent": ("Nhóm thay đổi theo tuổi", "Group changes with age"),
    "all": ("TSVMTB tính trên tổng số TCCSĐ", "TSVMTB as a share of all"),
    "allowed": ("Giá trị cho phép", "Allowed values"),
    "anchored_in": ("Chú thích đặt ở mục", "Footnote anchored in"),
    "area": ("Địa bàn, đơn vị", "Area or unit"),
    "area_label": ("Địa bàn, đơn vị", "Area or unit"),
    "assigned_count": ("Đảng viên được phân công phụ trách hộ", "Members assigned to households"),
    "attainment_pct": ("Mức đạt so với mục tiêu (%)", "Attainment of the target (%)"),
    "bar_text": ("Nhãn trên cột", "Bar label"),
    "base_count": ("Số gốc tính tỉ lệ", "Base of the share"),
    "baseline_pct": ("Mức gốc suy ra (%)", "Implied baseline (%)"),
    "baseline_pp_pct": ("Mức 8-2016 suy ra, đọc theo điểm % (%)", "Implied 8-2016 baseline, pp reading (%)"),
    "baseline_relative_pct": (
        "Mức 8-2016 suy ra, đọc tương đối (%)",
        "Implied 8-2016 baseline, relative (%)",
    ),
    "before_count": ("Số tại thời điểm 8-2016", "Stock in Aug 2016"),
    "break_step_pp": ("Chênh lệch 2018 so với 2017 (điểm %)", "Step from 2017 to 2018 (pp)"),
    "cell_text": ("Chữ trong ô", "Cell text"),
    "change_2016_2020_pp": ("Thay đổi 2016–2020 (điểm %)", "Change 2016–2020 (pp)"),
    "change_count": ("Tăng, giảm (số)", "Change (count)"),
    "change_pct": ("Tăng, giảm (%)", "Change (%)"),
    "change_pp": ("Tăng, giảm (điểm %)", "Change (pp)"),
    "characters": ("Số ký tự", "Characters"),
    "check": ("Phép kiểm tra", "Check"),
    "checks": ("Số phép kiểm tra", "Checks"),
    "class_count": ("Số lớp", "Classes"),
    "colour": ("Màu", "Colour"),
    "column": ("Cột", "Column"),
    "committees_count": ("Số cấp ủy trực thuộc Tỉnh ủy", "Committees under the province"),
    "committees_held_count": ("Số cấp ủy đã tổ chức hội thi", "Committees that held the contest"),
    "comparison": ("Kiểu so sánh", "Comparison"),
    "consistent": ("Khớp trong sai số làm tròn", "Consistent within rounding"),
    "contestant_count": ("Số người dự thi", "Contestants"),
    "contestants_per_committee": ("Số người dự thi bình quân mỗi cấp ủy", "Contestants per committee"),
    "count": ("Số lượng", "Count"),
    "count_period": ("Thời điểm của số liệu", "Period of the count"),
    "counts_baseline_pct": ("Mức 8-2016 tính lại từ số đếm (%)", "8-2016 rate recomputed from counts (%)"),
    "crosswalk": ("Cách quy đổi", "Crosswalk"),
    "crosswalk_label": ("Cách quy đổi", "Crosswalk"),
    "current_pct": ("Mức năm 2021 (%)", "2021 level (%)"),
    "delta_count": ("Biến động hoặc tổng (số)", "Flow or total (count)"),
    "denominator_count": ("Mẫu số", "Denominator"),
    "depends_on_crosswalk": ("Phụ thuộc cách quy đổi", "Depends on the crosswalk"),
    "description": ("Mô tả", "Description"),
    "difference": ("Chênh lệch", "Difference"),
    "difference_count": ("Chênh lệch: in trừ suy ra (số)", "Difference: printed − implied"),
    "difference_pct": ("Chênh lệch (điểm %)", "Difference (pp)"),
    "difference_pp": ("Chênh lệch (điểm %)", "Difference (pp)"),
    "dimension": ("Tiêu chí phân tổ", "Breakdown"),
    "disciplined_count": ("Số bị thi hành kỷ luật", "Disciplined"),
    "district_location": ("Vị trí số liệu cấp huyện", "Location of the district figure"),
    "district_minus_province_pp": ("Cấp huyện so với toàn tỉnh (điểm %)", "District minus province (pp)"),
    "district_minus_target_pp": ("Cấp huyện so với mục tiêu (điểm %)", "District minus target (pp)"),
    "district_pct": ("Tỉ lệ cấp huyện (%)", "District share (%)"),
    "districts_named_count": ("Số huyện, thành phố được nêu tên", "Districts named"),
    "doc_level": ("Cấp ban hành", "Issuing level"),
    "document_count": ("Số văn bản", "Documents"),
    "earlier_share_pct": ("Tỉ lệ trong số kết nạp trước 8-2016 (%)", "Share among earlier members (%)"),
    "eligible_count": ("Đảng viên thuộc diện phân công", "Members eligible for assignment"),
    "entity": ("Đối tượng thống kê", "What is counted"),
    "entity_label": ("Đối tượng thống kê", "What is counted"),
    "exemplary_count": ("Số đơn vị được nêu điển hình", "Units named as exemplary"),
    "exemplary_topic_count": ("Số chủ đề được nêu điển hình", "Topics named as exemplary"),
    "explanation": ("Giải thích", "Explanation"),
    "failing_count": ("Số xếp loại không HTNV (yếu kém)", "Rated not fulfilled (weak)"),
    "figure": ("Số liệu", "Figure"),
    "figures": ("Số lượng số liệu", "Figures"),
    "fits": ("Khớp", "Fits"),
    "fits_printed_rounding": ("Khớp tỉ lệ in trong báo cáo", "Fits the printed share"),
    "fits_two_decimals": ("Khớp cả khi đọc hai chữ số thập phân", "Fits when read with two decimals"),
    "fitting_counts": ("Các số đếm khớp", "Counts that fit"),
    "floor_pct": ("Ngưỡng tối thiểu (%)", "Floor (%)"),
    "form": ("Hình thức kỷ luật", "Form of discipline"),
    "form_label": ("Hình thức kỷ luật", "Form of discipline"),
    "gain_2016_2019_pp": ("Tăng từ 8-2016 đến 9-2019 (điểm %)", "Gain Aug 2016 to Sep 2019 (pp)"),
    "gain_2019_2021_pp": ("Tăng từ 9-2019 đến 2021 (điểm %)", "Gain Sep 2019 to 2021 (pp)"),
    "gap_count": ("Chênh lệch (số)", "Gap (count)"),
    "gap_pct_of_printed": ("Chênh lệch so với số in (%)", "Gap as % of the printed figure"),
    "gap_pp": ("Chênh lệch so với mục tiêu (điểm %)", "Gap to the target (pp)"),
    "gap_share_pct": ("Chênh lệch so với tổng số (%)", "Gap as % of the total"),
    "group": ("Nhóm", "Group"),
    "group_label": ("Nhóm", "Group"),
    "holds": ("Khớp", "Holds"),
    "implied": ("Giá trị suy ra", "Implied value"),
    "implied_after_count": ("Số năm 2021 suy ra từ biến động", "2021 stock implied by the flows"),
    "implied_count": ("Số suy ra từ tỉ lệ", "Implied by the shares"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "indicator_label": ("Chỉ tiêu", "Indicator"),
    "inspection_count": ("Số lượt kiểm tra, giám sát", "Inspections and supervisions"),
    "key": ("Cột khóa", "Key column"),
    "kind": ("Loại", "Kind"),
    "kind_label": ("Loại", "Kind"),
    "label": ("Nhãn", "Label"),
    "level": ("Cấp", "Level"),
    "level_count": ("Mức lũy kế sau bước (số)", "Running total after the step"),
    "level_label": ("Cấp", "Level"),
    "levels_sum_count": ("Tổng các cấp", "Sum of the levels"),
    "location": ("Vị trí trong báo cáo", "Location in the report"),
    "margin_pp": ("Cao hơn ngưỡng (điểm %)", "Margin over the floor (pp)"),
    "matches": ("Khớp với mức tăng nêu", "Matches the stated change"),
    "max_count": ("Cận trên (số)", "Upper bound (count)"),
    "max_pct": ("Cao nhất (%)", "Highest (%)"),
    "mean_age_years": ("Tuổi đời bình quân (năm)", "Average age (years)"),
    "measure": ("Cách đo", "Measure"),
    "meets_floor": ("Đạt ngưỡng", "Meets the floor"),
    "meets_target": ("Đạt mục tiêu", "Meets the target"),
    "member_count": ("Số đảng viên", "Party members"),
    "member_share_decimals": ("Số chữ số thập phân in (đảng viên)", "Decimals printed (members)"),
    "member_share_pct": ("Tỉ lệ trong tổng số đảng viên (%)", "Share of all members (%)"),
    "member_share_printed_pct": ("Tỉ lệ đảng viên, in trong báo cáo (%)", "Share of members, printed (%)"),
    "member_total_count": ("Tổng số đảng viên", "All members"),
    "members_2021_count": ("Số đảng viên năm 2021", "Members in 2021"),
    "members_per_tccsd": ("Số đảng viên bình quân mỗi TCCSĐ", "Members per organisation"),
    "mention_location": ("Vị trí nêu tên", "Where the unit is named"),
    "min_count": ("Cận dưới (số)", "Lower bound (count)"),
    "min_pct": ("Thấp nhất (%)", "Lowest (%)"),
    "n_rated": ("Số được xếp loại", "Number rated"),
    "n_rated_2018": ("Số TCCSĐ được xếp loại năm 2018", "Organisations rated in 2018"),
    "named_count": ("Số đơn vị được nêu tên", "Units named"),
    "net_count": ("Điển hình trừ hạn chế (số)", "Exemplary minus shortfalls"),
    "new_mean_pct": ("Bình quân 2018–2020 (%)", "Mean 2018–2020 (%)"),
    "not_named_count": ("Số đơn vị không được nêu tên", "Units not named"),
    "numerator_count": ("Tử số", "Numerator"),
    "old_mean_pct": ("Bình quân 2016–2017 (%)", "Mean 2016–2017 (%)"),
    "org_type": ("Loại hình TCCSĐ", "Type of organisation"),
    "org_type_label": ("Loại hình TCCSĐ", "Type of organisation"),
    "organisation": ("Tổ chức được nêu tên", "Organisation named"),
    "organisation_count": ("Số tổ chức được nêu tên", "Number of organisations named"),
    "organisations": ("Các tổ chức được nêu tên", "Organisations named"),
    "panel": ("Phần biểu đồ", "Panel"),
    "part": ("Bộ phận", "Part"),
    "part_label": ("Bộ phận", "Part"),
    "participant_count": ("Số lượt người tham gia", "Participants (person-times)"),
    "participant_kind": ("Loại hình tham gia", "Kind of participation"),
    "participant_kind_label": ("Loại hình tham gia", "Kind of participation"),
    "parts": ("Các bộ phận", "Parts"),
    "period": ("Thời điểm, thời kỳ", "Period"),
    "period_label": ("Thời điểm, thời kỳ", "Period"),
    "population": ("Tập hợp so sánh", "Population"),
    "population_label": ("Tập hợp so sánh", "Population"),
    "position": ("Vị trí trên trục", "Axis position"),
    "pp": ("Đọc theo điểm %", "Percentage-point reading"),
    "pp_matches_printed": ("Cách đọc điểm % khớp số in", "Point reading matches the print"),
    "pp_pct": ("Theo cách đọc điểm % (%)", "Percentage-point reading (%)"),
    "printed": ("In trong báo cáo", "Printed in the report"),
    "printed_baseline_pct": ("Mức 8-2016 in trong báo cáo (%)", "8-2016 rate as printed (%)"),
    "printed_count": ("Số in trong báo cáo", "Printed count"),
    "printed_decimals": ("Số chữ số thập phân in", "Decimals printed"),
    "printed_fn17": ("Số in ở chú thích 17", "Printed in footnote 17"),
    "programme": ("Chương trình", "Programme"),
    "programme_label": ("Chương trình", "Programme"),
    "programme_total_count": ("Tổng số lượt của chương trình", "Programme total"),
    "province_location": ("Vị trí số liệu toàn tỉnh", "Location of the province figure"),
    "province_pct": ("Tỉ lệ toàn tỉnh (%)", "Province share (%)"),
    "quantity": ("Mức gốc hay mục tiêu", "Baseline or target"),
    "quote": ("Trích báo cáo", "Quote from the report"),
    "rank": ("Thứ hạng", "Rank"),
    "rated_max_count": ("Số được xếp loại, cận trên", "Rated, upper bound"),
    "rated_mid_count": ("Số được xếp loại, giá trị giữa", "Rated, midpoint"),
    "rated_min_count": ("Số được xếp loại, cận dưới", "Rated, lower bound"),
    "rated_share_of_2021_max_pct": ("Cận trên so với đảng viên 2021 (%)", "Upper bound, % of 2021 members"),
    "rated_share_of_2021_min_pct": ("Cận dưới so với đảng viên 2021 (%)", "Lower bound, % of 2021 members"),
    "rating": ("Xếp loại", "Rating"),
    "rating_label": ("Xếp loại", "Rating"),
    "ratio": ("Hệ số đại diện, từ số đếm (lần)", "Representation ratio, from counts"),
    "ratio_printed": ("Hệ số đại diện, từ tỉ lệ in (lần)", "Ratio from the printed shares"),
    "ratio_tolerance": ("Sai số cho phép của hệ số (lần)", "Tolerance of the ratio"),
    "ratio_vs_earlier": ("Hệ số so với đảng viên cũ (lần)", "Ratio to earlier members"),
    "reading": ("Cách đọc", "Reading"),
    "reading_gap_pp": ("Chênh lệch hai cách đọc (điểm %)", "Gap between the readings (pp)"),
    "recomputed": ("Tính lại", "Recomputed"),
    "recomputed_of_base_pct": ("Tỉ lệ tính lại trên số gốc (%)", "Recomputed share of the base (%)"),
    "recomputed_pct": ("Tỉ lệ tính lại (%)", "Recomputed share (%)"),
    "recomputed_share_pct": ("Tỉ lệ tính lại từ số đếm (%)", "Share recomputed from counts (%)"),
    "recruit_count": ("Số đảng viên kết nạp", "Members admitted"),
    "recruit_share_decimals": ("Số chữ số thập phân in (kết nạp)", "Decimals printed (recruits)"),
    "recruit_share_pct": ("Tỉ lệ trong số kết nạp (%)", "Share of recruits (%)"),
    "recruit_share_printed_pct": ("Tỉ lệ kết nạp, in trong báo cáo (%)", "Share of recruits, printed (%)"),
    "recruits_in_stock_pct": ("Số kết nạp so với số đảng viên (%)", "Recruits as % of members"),
    "recruits_per_year": ("Số kết nạp bình quân mỗi năm", "Recruits per year"),
    "reference": ("Mốc so sánh", "Compared with"),
    "reference_label": ("Mốc so sánh", "Compared with"),
    "reference_pct": ("Giá trị đối chiếu (%)", "Reference value (%)"),
    "relation_count": ("Số quan hệ", "Relations"),
    "relation_id": ("Mã quan hệ kiểm tra", "Relation id"),
    "relative": ("Đọc tương đối", "Relative reading"),
    "relative_matches_printed": ("Cách đọc tương đối khớp số in", "Relative reading matches the print"),
    "relative_pct": ("Theo cách đọc tương đối (%)", "Relative reading (%)"),
    "removed_count": ("Số giải thể, sáp nhập", "Dissolved or merged"),
    "representation_ratio": ("Hệ số đại diện (lần)", "Representation ratio"),
    "role": ("Loại nội dung", "Role"),
    "row_key": ("Khóa của dòng", "Row key"),
    "row_label": ("Dòng", "Row"),
    "rows": ("Số dòng", "Rows"),
    "scheme": ("Cách xếp loại", "Rating scheme"),
    "scheme_label": ("Cách xếp loại", "Rating scheme"),
    "score": ("Điểm (+1 điển hình, −1 hạn chế)", "Score (+1 exemplary, −1 shortfall)"),
    "section": ("Mục", "Section"),
    "series": ("Chuỗi số liệu", "Series"),
    "series_label": ("Chuỗi số liệu", "Series"),
    "share_decimals": ("Số chữ số thập phân in", "Decimals printed"),
    "share_of_2021_members_pct": ("So với số đảng viên năm 2021 (%)", "Share of 2021 members (%)"),
    "share_of_tolerance_used": ("Phần sai số cho phép đã dùng", "Share of the tolerance used"),
    "share_of_total_pct": ("Tỉ lệ trong tổng số (%)", "Share of the total (%)"),
    "share_of_window_pct": ("So với số kết nạp từ 8-2016 (%)", "Share of recruits since Aug 2016 (%)"),
    "share_pct": ("Tỉ lệ (%)", "Share (%)"),
    "share_printed_pct": ("Tỉ lệ in trong báo cáo (%)", "Printed share (%)"),
    "share_source": ("Nguồn của tỉ lệ", "Source of the share"),
    "shift_pp": ("Lệch khi đọc tương đối (điểm %)", "Shift under relative reading (pp)"),
    "shortfall_count": ("Số đơn vị bị nêu hạn chế", "Units named for a shortfall"),
    "shortfall_topic_count": ("Số chủ đề bị nêu hạn chế", "Topics named as shortfalls"),
    "shortfall_topics": ("Các chủ đề bị nêu hạn chế", "Shortfall topics"),
    "signed_count": ("Biến động có dấu (số)", "Signed change (count)"),
    "slot": ("Vị trí", "Slot"),
    "source": ("Nguồn (in hay suy ra)", "Source (printed or implied)"),
    "source_id": ("Văn bản nguồn", "Source document"),
    "start_share_pct": ("Tỉ lệ năm 2021 (%)", "2021 share (%)"),
    "stated_change_pct": ("Thay đổi nêu trong báo cáo (%)", "Stated change (%)"),
    "stated_location": ("Vị trí câu so với mục tiêu", "Location of the target statement"),
    "stated_pct": ("Mức tăng nêu trong báo cáo (%)", "Stated increase (%)"),
    "stated_vs_target_pct": ("Vượt mục tiêu, theo báo cáo (%)", "Above target, as stated (%)"),
    "statement": ("Cách diễn đạt", "Printed wording"),
    "step": ("Bước", "Step"),
    "step_label": ("Bước", "Step"),
    "subject": ("Đối tượng xếp loại", "Who was rated"),
    "subject_label": ("Đối tượng xếp loại", "Who was rated"),
    "sum_failing_2016_2020": ("Tổng số không HTNV 2016–2020", "Not fulfilled, total 2016–2020"),
    "table": ("Bảng", "Table"),
    "tables": ("Các bảng", "Tables"),
    "target": ("Đối tượng", "Organisations or members"),
    "target_label": ("Đối tượng", "Organisations or members"),
    "target_location": ("Vị trí mục tiêu", "Location of the target"),
    "target_pct": ("Mục tiêu suy ra (%)", "Implied target (%)"),
    "target_tolerance_pct": ("Sai số cho phép của mục tiêu (điểm %)", "Tolerance of the target (pp)"),
    "tccsd_count": ("Số TCCSĐ", "Grassroots organisations"),
    "tccsd_share_pct": ("Tỉ lệ trong tổng số TCCSĐ (%)", "Share of all organisations (%)"),
    "tier": ("Bậc tương đương", "Comparable tier"),
    "tier_label": ("Bậc tương đương", "Comparable tier"),
    "tile": ("Ô trên bản đồ", "Map tile"),
    "tile_col": ("Cột của ô", "Tile column"),
    "tile_row": ("Hàng của ô", "Tile row"),
    "tile_text": ("Chữ trên ô bản đồ", "Tile text"),
    "title": ("Tiêu đề", "Title"),
    "tolerance": ("Sai số cho phép", "Tolerance"),
    "tolerance_pct": ("Sai số cho phép (điểm %)", "Tolerance (pp)"),
    "topic": ("Chủ đề", "Topic"),
    "topic_label": ("Chủ đề", "Topic"),
    "total_count": ("Tổng số", "Total"),
    "training_level": ("Trình độ lớp học", "Level of the class"),
    "training_level_label": ("Trình độ lớp học", "Level of the class"),
    "tsvmtb_base": ("Gốc tính tỉ lệ TSVMTB", "Base of the TSVMTB share"),
    "tsvmtb_count": ("Số TCCSĐ TSVMTB", "Organisations rated TSVMTB"),
    "tsvmtb_of_all": ("Nếu TSVMTB tính trên tổng số (%)", "If TSVMTB is a share of all (%)"),
    "tsvmtb_of_tsvm": ("Nếu TSVMTB tính trên số TSVM (%)", "If TSVMTB is a share of TSVM (%)"),
    "type": ("Kiểu dữ liệu", "Data type"),
    "unassigned_count": ("Đảng viên chưa được phân công", "Members not assigned"),
    "unit": ("Đơn vị tính", "Unit of measure"),
    "unit_kind": ("Loại đơn vị", "Kind of unit"),
    "unit_kind_label": ("Loại đơn vị", "Kind of unit"),
    "unit_label": ("Đơn vị", "Unit"),
    "units": ("Các đơn vị được nêu tên", "Units named"),
    "valence": ("Điển hình hay hạn chế", "Exemplary or shortfall"),
    "valence_label": ("Điển hình hay hạn chế", "Exemplary or shortfall"),
    "value": ("Giá trị", "Value"),
    "value_location": ("Vị trí của số liệu", "Location of the figure"),
    "value_pct": ("Số in trong báo cáo (%)", "Printed value (%)"),
    "value_unit": ("Đơn vị của số liệu", "Unit of the figure"),
    "verdict": ("Kết luận", "Verdict"),
    "verdict_label": ("Kết luận", "Verdict"),
    "village_count": ("Số thôn, tổ dân phố", "Villages and residential groups"),
    "vs_average_ratio": ("So với bình quân toàn tỉnh (lần)", "Ratio to the province average"),
    "what": ("Nội dung", "What"),
    "whole": ("Tổng thể", "Whole"),
    "whole_count": ("Số của tổng thể", "Size of the whole"),
    "whole_label": ("Tổng thể", "Whole"),
    "window_years": ("Độ dài thời kỳ kết nạp (năm)", "Recruitment window (years)"),
    "within_stock_bounds": ("Nằm trong giới hạn số hiện có", "Within the stock bounds"),
    "year": ("Năm", "Year"),
    "year_label": ("Năm", "Year"),
    "years_ahead": ("Số năm tiếp theo", "Years ahead"),
}


def label_column(name: str, lang: str = "vi") -> str:
    """Return the header of column ``name`` in ``lang``; the name itself if it has no label.

    Parameters
    ----------
    name : str
        Column name, e.g. ``"share_pct"``.
    lang : {"vi", "en"}
        Language of the header.

    Returns
    -------
    str
        The header, e.g. "Tỉ lệ (%)" or "Share (%)"; ``name`` unchanged if
        :data:`COLUMN_LABELS` has no entry for it.

    Raises
    ------
    ValueError
        If ``lang`` is not a language code (checked even for unlabelled names).

    """
    pair = COLUMN_LABELS.get(name, (name, name))
    return pick(pair, lang)


#: Labels of the codes that derivations add (they are not categories of a data table).
VALUE_LABELS: dict[str, tuple[str, str]] = {}

# One block per notebook topic below, so each topic's labels live together.
# ---- 00-data-overview and 08-audit
COLUMN_LABELS.update(
    {
        # the verdicts as pivot headers and chart legends: short forms of CATEGORIES["verdict"]
        # ("holds" is labelled above)
        "does not hold as stated": (
            "Cần làm rõ (số báo cáo nêu chưa thống nhất)",
            "Needs clarifying (as stated)",
        ),
        "depends on our model": ("Do cách tính của nhóm phân tích", "From our model of the flows"),
        "different bases or dates": ("Khác thời điểm hoặc phạm vi", "Different dates or bases"),
        "derived only": ("Chỉ suy ra được", "Derived only"),
        "relation_label": ("Quan hệ kiểm tra", "Relation checked"),
        "verdict_vi": ("Cách ghi bằng tiếng Việt", "Vietnamese wording"),
        "verdict_en": ("Cách ghi bằng tiếng Anh", "English wording"),
        "known_exception": ("Có thể là ngoại lệ đã biết", "May be a known exception"),
        "implied_pct": ("Mức gốc hoặc mục tiêu suy ra (%)", "Implied baseline or target (%)"),
        "finding": ("Nhận xét", "Finding"),
        "note": ("Ý nghĩa", "What it means"),
        "order": ("Thứ tự", "Order"),
        "annex_number": ("Số hiệu biểu in trong báo cáo", "Table number as printed"),
        "repeated": ("Đã dẫn ở chỗ trước", "Cited before"),
        "table_count": ("Số bảng", "Tables"),
        "meaning": ("Ý nghĩa của cột", "Meaning of the column"),
        "location_code": ("Mã vị trí", "Location code"),
        "location_text": ("Cách gọi", "Read as"),
        "doc_number": ("Số hiệu văn bản", "Document number"),
        "issuer": ("Cơ quan ban hành", "Issued by"),
        "doc_date": ("Ngày ban hành", "Date"),
        "sha256": ("Mã băm SHA-256 của tệp", "SHA-256 of the file"),
    }
)
VALUE_LABELS.update(
    {
        # how the printed value must compare with the recomputed one
        "equal": ("bằng", "equal"),
        "at_most": ("không lớn hơn", "at most"),
        "at_least": ("không nhỏ hơn", "at least"),
        # what the lists, footnotes and dates say as printed (audit.list_text_findings)
        "list_of_examples": ("Danh sách nêu ví dụ", "A list of examples"),
        "list_ends_with_separator": ("Danh sách kết thúc bằng dấu phẩy", "A list ending with a comma"),
        "share_without_percent_sign": ("Tỉ lệ in thiếu dấu %", "Shares printed without '%'"),
        "some_places_one_named": ("Viết “một số nơi”, chỉ nêu một nơi", "'Some places', one named"),
        "undated_figure": ("Số liệu không ghi thời điểm", "An undated figure"),
        "window_of_another_statement": (
            "Khoảng thời gian của một nhận định khác",
            "The window of another statement",
        ),
        # the data dictionary (nq.describe): types and units
        "category": ("danh mục", "category"),
        "integer": ("số nguyên", "integer"),
        "number": ("số thập phân", "number"),
        "string": ("văn bản", "text"),
        "persons": ("người", "persons"),
        "units": ("đơn vị", "units"),
        "yes": ("có", "yes"),
    }
)
# ---- 01-ratings
COLUMN_LABELS.update(
    {
        # bounds of the number of organisations in existence (analysis.ratings.bound_organisation_stock)
        "low_count": ("Thấp nhất có thể (số TCCSĐ)", "Lowest possible (organisations)"),
        "high_count": ("Cao nhất có thể (số TCCSĐ)", "Highest possible (organisations)"),
        # members rated (analysis.derive.implied_members_rated)
        "single_min_count": ("Cận dưới, chỉ từ tỉ lệ không HTNV", "Lower bound, không HTNV share alone"),
        "single_max_count": ("Cận trên, chỉ từ tỉ lệ không HTNV", "Upper bound, không HTNV share alone"),
        "solution_count": ("Số tổng khớp cả bốn tỉ lệ", "Totals that fit all four shares"),
        "narrowed_by_count": ("Số bị loại nhờ bốn tỉ lệ", "Removed by the four shares"),
        # the rating guidance of fn9 (analysis.ratings.list_rating_guidance)
        "number": ("Số hiệu văn bản", "Document number"),
        "date": ("Ngày ban hành", "Date issued"),
        "issuer": ("Cơ quan ban hành", "Issued by"),
        "document_subject": ("Trích yếu", "Subject"),
        "covers_organisations": ("Áp dụng cho tổ chức đảng", "Covers party organisations"),
        "covers_members": ("Áp dụng cho đảng viên", "Covers party members"),
        "new_guidance": ("Hướng dẫn xếp loại mới trong năm", "New rating guidance that year"),
        # the organisations fn16 names (analysis.ratings.compare_named_failing)
        "named_fn16_count": ("Số tổ chức nêu tên ở chú thích 16", "Organisations named in footnote 16"),
        "failing_fn17_count": (
            "Không HTNV 2016–2020, chú thích 17 (TCCSĐ và chi bộ)",
            "Không HTNV 2016–2020, footnote 17 (TCCSĐ and cells)",
        ),
        "years_equal_to_list": (
            "Năm có số TCCSĐ suy ra bằng số nêu tên",
            "Years whose implied count equals the list",
        ),
    }
)
VALUE_LABELS.update(
    {
        # tiers of the crosswalks across the 2018 change of scheme
        "tsvm_rest": ("TSVM còn lại", "Other clean & strong"),
        "tot_tro_len": ("HTTNV trở lên", "Good or better"),
        # the crosswalks (analysis.ratings.CROSSWALKS) and a tier that is the same under all of them
        "primary": ("Chính: TSVMTB → HTXSNV", "Primary: TSVMTB → HTXSNV"),
        "tsvm_as_excellent": ("Khác: cả TSVM → HTXSNV", "Alternative: all TSVM → HTXSNV"),
        "top_two_merged": ("Gộp: HTTNV trở lên", "Merged: good or better"),
        "any": ("Như nhau ở mọi cách quy đổi", "Same under every crosswalk"),
        # the two rating schemes
        "old": ("Cách cũ (2016–2017)", "Old scheme (2016–2017)"),
        "new": ("Cách mới (từ 2018)", "New scheme (from 2018)"),
        # what TSVMTB is a share of ("tsvm" is labelled as the rating)
        "all": ("Tổng số TCCSĐ được xếp loại", "All organisations rated"),
        # stocks printed and numbers rated implied
        "stock": ("Số hiện có (báo cáo in)", "Stock (printed)"),
        "rated": ("Số được xếp loại (suy ra)", "Rated (implied)"),
    }
)
# ---- 02-membership-recruitment
COLUMN_LABELS.update(
    {
        "months": ("Số tháng", "Months"),
        # only membership.compare_recruits_with_members has this column: the members admitted before the window
        "earlier_share_pct": (
            "Tỉ lệ trong số đảng viên kết nạp trước 8-2016 (%)",
            "Share among earlier members (%)",
        ),
    }
)
VALUE_LABELS.update(
    {
        # panels of the composition chart (the other panel is the dimension "loai_hinh_tccsd")
        "nhom_dang_vien": ("Nhóm đảng viên", "Groups of members"),
        # rows of membership.summarise_enterprises_and_religion
        "to_chuc_doanh_nghiep": (
            "TCCSĐ doanh nghiệp (mục II.2, II.4)",
            "Enterprise organisations (II.2, II.4)",
        ),
        "dang_vien_co_ton_giao": ("Đảng viên có tôn giáo (mục II.4, II.5)", "Religious members (II.4, II.5)"),
        # what a quoted passage of III.2, fn22 and III.3 is
        "han_che_phat_trien_dang_vien": ("Hạn chế", "Shortfall"),
        "han_che_chu_thich_22": ("Hạn chế (chú thích 22 của mục III.2)", "Shortfall (footnote 22 to III.2)"),
        "nguyen_nhan_phat_trien_dang_vien": ("Nguyên nhân", "Cause"),
    }
)
# ---- 03-district-gaps
COLUMN_LABELS.update(
    {
        "blank_cells": ("Số ô để trống", "Blank cells"),
        "blank_share_pct": ("Tỉ lệ ô để trống (%)", "Blank cells (%)"),
        "cells": ("Số ô đơn vị × chủ đề", "Unit × topic cells"),
        "districts_named_on_village_heads": (
            "Số huyện, thành phố được nêu về thôn trưởng",
            "Districts named on village heads",
        ),
        "exemplary_cells": ("Số ô điển hình", "Exemplary cells"),
        "name_printed": ("Tên có in trong báo cáo", "Name printed in the report"),
        "named_cells": ("Số ô có nêu tên", "Cells naming a unit"),
        "note": ("Ghi chú", "Note"),
        "shortfall_cells": ("Số ô hạn chế", "Shortfall cells"),
        "units_named": ("Số đơn vị được nêu tên ít nhất một lần", "Units named at least once"),
    }
)
VALUE_LABELS.update(
    {
        "committee": ("Đảng ủy trực thuộc Tỉnh ủy", "Committee under the province"),
        "district": ("Huyện, thành phố", "District or city"),
    }
)
# ---- 04-organisations
COLUMN_LABELS.update({})
VALUE_LABELS.update(
    {
        # printed in the report or implied by it (source of a count)
        "printed": ("In trong báo cáo", "Printed"),
        "implied": ("Suy ra", "Implied"),
        # steps of a restructuring bridge: a stock or a flow
        "total": ("Tổng số", "Total"),
        "flow": ("Biến động", "Flow"),
        # the wholes of the 2021 split of cells (analysis.organisations.imply_cells_2021)
        "all_cells": ("Toàn bộ chi bộ", "All cells"),
    }
)
# ---- 05-village-leadership
COLUMN_LABELS.update(
    {
        "counts_2016_08_pct": ("Tỉ lệ 8-2016 tính từ số đếm (%)", "Aug 2016 share from the counts (%)"),
        "counts_2021_pct": ("Tỉ lệ 2021 tính từ số đếm (%)", "2021 share from the counts (%)"),
        "heads_count": ("Số thôn có thôn trưởng là đảng viên", "Villages whose head is a member"),
        "nearest_count": ("Số thôn gần nhất", "Nearest whole count"),
        "nearest_share_pct": ("Tỉ lệ ứng với số thôn gần nhất (%)", "Share of the nearest count (%)"),
        "relative_change_pct": ("Thay đổi tương đối (%)", "Relative change (%)"),
        "secretaries_count": ("Số thôn có bí thư kiêm thôn trưởng", "Villages whose secretary is the head"),
        "share_2016_08_pct": ("Mức 8-2016 (%)", "Aug 2016 (%)"),
        "share_2019_09_pct": ("Mức 9-2019 (%)", "Sep 2019 (%)"),
        "share_2021_pct": ("Mức năm 2021 (%)", "2021 (%)"),
        "smallest_village_counts": ("Các số thôn nhỏ nhất khớp tỉ lệ", "Smallest village counts that fit"),
    }
)
VALUE_LABELS.update(
    {
        "baseline": ("Mức gốc", "Baseline"),
        "implied": ("Suy ra", "Implied"),
        "named_without_rate": ("Được nêu tên, không có tỉ lệ", "Named, no rate given"),
        "pp": ("Điểm phần trăm", "Percentage points"),
        "printed": ("In trong báo cáo", "Printed"),
        "province": ("Toàn tỉnh", "Whole province"),
        "rate": ("Tỉ lệ báo cáo in", "Printed rate"),
        "relative": ("Tương đối", "Relative"),
        "share": ("Tỉ lệ", "Share"),
        "target": ("Mục tiêu suy ra", "Implied target"),
    }
)
# ---- 06-education-training
COLUMN_LABELS.update(
    {
        "fits_total_ii4": ("Khớp tổng số ở mục II.4", "Fits the II.4 total"),
        "fits_total_fn2": ("Khớp tổng số ở chú thích 2", "Fits the footnote 2 total"),
        "measured_pct": ("Mức thay đổi theo cách đo này (%)", "Change by this measure (%)"),
    }
)
VALUE_LABELS.update(
    {
        # training.list_coverage: where a share comes from
        "printed": ("In trong báo cáo", "Printed in the report"),
        "computed": ("Tính từ số đếm", "Computed from the counts"),
        # training.explain_households_change: the candidate readings of "tăng x%"
        "pp_change": ("Hiệu số hai tỉ lệ (điểm %)", "Difference of the shares (points)"),
        "relative_change": ("Mức tăng tương đối của tỉ lệ (%)", "Relative change of the share (%)"),
        "assigned_growth": ("Mức tăng số được phân công (%)", "Growth of the members assigned (%)"),
        "eligible_growth": ("Mức tăng số thuộc diện phân công (%)", "Growth of the members eligible (%)"),
    }
)
# ---- 07-inspection-discipline
COLUMN_LABELS.update(
    {
        # "kiểm tra" is the party's inspection here, so the audit's checks are "đối chiếu"
        "relation": ("Quan hệ đối chiếu", "Relation checked"),
    }
)
VALUE_LABELS.update(
    {
        "khong_phan_cap": ("Không phân theo cấp (chênh lệch)", "Not attributed to a level (gap)"),
        # the audit's two checks of the inspection totals (analysis.inspection.tabulate_audit_relations)
        "level_sum": ("Ba cấp cộng lại so với tổng số", "The three levels against the total"),
        "activity_sum": ("Kiểm tra + giám sát so với tổng số", "Inspection + supervision against the total"),
    }
)

# ---- explore (the interactive explorer, nq03lib/explore.py)
COLUMN_LABELS.update(
    {
        # the audit's explanations (data/known_exceptions.csv) come in both languages
        "explanation_vi": ("Giải thích", "Explanation (Vietnamese)"),
        "explanation_en": ("Giải thích (bản tiếng Anh)", "Explanation"),
        "status": ("Báo cáo nêu tên", "Named by the report"),
    }
)

#: Columns that only steer drawing (colours, positions); tables for people leave them out.
TECHNICAL_COLUMNS = frozenset({"colour", "color", "position", "bar_text", "cell_text", "label_x", "label_y"})
