"""Word and sentence banks for the synthetic benchmark site (bench/generate.py).

Everything here is constant data: tuples and strings only, so importing it has no side effects and
the generator stays deterministic. Templates use str.format fields; generate.py fills only the fields
a template names, so adding a template never slows the others down.
"""

from __future__ import annotations

# --- people -------------------------------------------------------------------------------------

# Weighted roughly like Vietnamese surname frequency: the first few cover most of the population.
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
    ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Đoàn", 1), ("Lương", 1), ("Mai", 1), ("Trương", 1),
    ("Tạ", 1), ("Lâm", 1), ("Cao", 1), ("Kiều", 1), ("Quách", 1), ("Thái", 1), ("Hà", 1), ("Tô", 1),
    ("Âu", 1), ("Ưng", 1), ("Lại", 1), ("Khúc", 1), ("Văn", 1), ("Chu", 1), ("Đàm", 1), ("Lục", 1),
)

MIDDLE_NAMES_MALE: tuple[str, ...] = (
    "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Đình", "Khắc", "Trọng",
    "Thanh", "Ngọc", "Tuấn", "Mạnh", "Thế", "Bá", "Viết", "Duy", "Hoàng", "Quốc", "Anh", "Gia",
)
MIDDLE_NAMES_FEMALE: tuple[str, ...] = (
    "Thị", "Thị", "Thị", "Thị Thu", "Thị Hồng", "Thị Kim", "Ngọc", "Thu", "Thanh", "Kim", "Hồng",
    "Phương", "Mỹ", "Thùy", "Bích", "Diệu", "Hải", "Minh", "Thị Phương", "Thị Ngọc", "Lan", "Quỳnh",
)
GIVEN_NAMES_MALE: tuple[str, ...] = (
    "An", "Anh", "Bình", "Cường", "Chiến", "Dũng", "Duy", "Đạt", "Đức", "Điệp", "Giang", "Hải",
    "Hiếu", "Hòa", "Hoàng", "Hùng", "Hưng", "Huy", "Khang", "Khánh", "Khiêm", "Kiên", "Lâm", "Linh",
    "Long", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Ngọc", "Nhân", "Phong", "Phú", "Phúc", "Phước",
    "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thái", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn", "Trung",
    "Trường", "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Xuân", "Bảo", "Lợi", "Ước", "Ơn",
)
GIVEN_NAMES_FEMALE: tuple[str, ...] = (
    "An", "Anh", "Bích", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Huệ", "Hương", "Hường", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
    "Ngân", "Ngọc", "Nhung", "Oanh", "Phượng", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thoa",
    "Thu", "Thủy", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Ánh", "Ân", "Ưng",
)

# Bylines as Vietnamese newspapers print them: given name, initial plus name, or full name.
AUTHORS: tuple[str, ...] = (
    "Thanh Huê", "Phương Bùi", "K.Tiến", "Phạm Huyền", "Công Mạo", "Minh Châu", "Hà Anh", "Quỳnh Như",
    "Đức Thắng", "Lê Ánh", "Hoàng Ngân", "Văn Hưởng", "Ngọc Lan", "B.Phương", "Thu Hường", "Tuấn Đạt",
    "Mai Hương", "Đỗ Thơ", "Hải Yến", "Bảo Ngọc", "Trần Lưu", "Nhật Minh", "Lưu Thủy", "Xuân Trường",
)
PHOTO_CREDITS: tuple[str, ...] = ("H.T", "P.B", "T.H", "CĐ", "M.C", "LĐLĐ", "N.L", "Đ.T")

# --- places and units ---------------------------------------------------------------------------

# (id part, label with its administrative word, bare name, sub-units)
# Sub-unit kinds: "huyen" district federation (place given), "vc" Công đoàn Viên chức,
# "gd" Công đoàn Giáo dục, "yt" Công đoàn ngành Y tế, "kcn" Công đoàn các KCN.
PROVINCES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("ha-noi", "thành phố Hà Nội", "Hà Nội", (
        ("huyen", "quận Nam Từ Liêm"), ("huyen", "huyện Thường Tín"), ("huyen", "quận Long Biên"),
        ("huyen", "huyện Phú Xuyên"), ("gd", ""), ("vc", ""))),
    ("thanh-hoa", "tỉnh Thanh Hóa", "Thanh Hóa", (
        ("huyen", "thành phố Sầm Sơn"), ("huyen", "thị xã Nghi Sơn"), ("vc", ""), ("gd", ""),
        ("kcn", ""))),
    ("nghe-an", "tỉnh Nghệ An", "Nghệ An", (
        ("huyen", "huyện Quỳnh Lưu"), ("huyen", "thị xã Cửa Lò"), ("gd", ""), ("yt", ""), ("kcn", ""))),
    ("thai-nguyen", "tỉnh Thái Nguyên", "Thái Nguyên", (
        ("huyen", "thành phố Sông Công"), ("huyen", "huyện Phú Bình"), ("kcn", ""), ("vc", ""),
        ("gd", ""))),
    ("ha-tinh", "tỉnh Hà Tĩnh", "Hà Tĩnh", (
        ("huyen", "thị xã Kỳ Anh"), ("huyen", "huyện Cẩm Xuyên"), ("kcn", ""), ("yt", ""))),
    ("quang-nam", "tỉnh Quảng Nam", "Quảng Nam", (
        ("huyen", "thành phố Hội An"), ("huyen", "thị xã Điện Bàn"), ("gd", ""), ("kcn", ""),
        ("vc", ""))),
    ("dak-lak", "tỉnh Đắk Lắk", "Đắk Lắk", (
        ("huyen", "thành phố Buôn Ma Thuột"), ("huyen", "huyện Cư M'gar"), ("gd", ""), ("yt", ""),
        ("vc", ""))),
    ("an-giang", "tỉnh An Giang", "An Giang", (
        ("huyen", "thành phố Long Xuyên"), ("huyen", "thành phố Châu Đốc"), ("vc", ""), ("yt", ""),
        ("gd", ""))),
    ("binh-duong", "tỉnh Bình Dương", "Bình Dương", (
        ("huyen", "thành phố Thủ Dầu Một"), ("huyen", "thành phố Dĩ An"), ("kcn", ""), ("gd", ""),
        ("yt", ""))),
    ("bac-ninh", "tỉnh Bắc Ninh", "Bắc Ninh", (
        ("huyen", "thành phố Từ Sơn"), ("huyen", "thị xã Quế Võ"), ("kcn", ""), ("vc", ""),
        ("gd", ""))),
)

# Sub-unit kind -> (id prefix, name pattern, short pattern); {label} is "tỉnh Thanh Hóa" etc.
SECTOR_UNITS: dict[str, tuple[str, str, str]] = {
    "vc": ("cdvc", "Công đoàn Viên chức {label}", "CĐVC {label}"),
    "gd": ("cdgd", "Công đoàn Giáo dục {label}", "CĐGD {label}"),
    "yt": ("cdyt", "Công đoàn ngành Y tế {label}", "CĐ Y tế {label}"),
    "kcn": ("cdkcn", "Công đoàn các Khu công nghiệp {label}", "CĐ các KCN {label}"),
}

# --- campaigns and awards -----------------------------------------------------------------------

# (id, name, short or "", launched_by ("" = tong), period "" or "YYYY-YYYY", province scope or "",
#  weight)
CAMPAIGNS: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("lao-dong-gioi-lao-dong-sang-tao", "Lao động giỏi, lao động sáng tạo", "LĐG-LĐST", "", "", "", 30),
    ("75-nghin-sang-kien", "75 nghìn sáng kiến, vượt khó, phát triển", "75 nghìn sáng kiến", "",
     "2019-2023", "", 6),
    ("01-trieu-sang-kien",
     "01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19",
     "01 triệu sáng kiến", "", "2021-2023", "", 6),
    ("gioi-viec-nuoc-dam-viec-nha", "Giỏi việc nước, đảm việc nhà", "GVN-ĐVN", "", "", "", 8),
    ("gioi-viec-nuoc-chia-se-viec-nha", "Giỏi việc nước, chia sẻ việc nhà", "GVN-CSVN", "", "", "", 3),
    ("hoc-tap-lam-theo-bac",
     "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Học tập và làm theo Bác",
     "", "2016-2030", "", 6),
    ("doi-moi-sang-tao-hieu-qua", "Đổi mới, sáng tạo, hiệu quả trong hoạt động của tổ chức Công đoàn",
     "", "", "2018-2028", "", 4),
    ("nguoi-tot-viec-tot", "Người tốt, việc tốt", "", "", "", "", 3),
    ("xanh-sach-dep-atvsld", "Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động", "Xanh - Sạch - Đẹp",
     "", "", "", 4),
    ("chung-suc-xay-dung-nong-thon-moi", "Chung sức xây dựng nông thôn mới", "", "", "2016-2025", "", 2),
    ("trung-thanh-trach-nhiem-liem-chinh", "Trung thành, trách nhiệm, liêm chính, sáng tạo", "", "",
     "2022-2030", "", 2),
    ("cong-nhan-gioi-thu-do", "Công nhân giỏi Thủ đô", "Công nhân giỏi", "ldld-ha-noi", "", "ha-noi", 12),
    ("nha-giao-ha-noi-tam-huyet-sang-tao", "Nhà giáo Hà Nội tâm huyết, sáng tạo", "", "ldld-ha-noi",
     "2016-2025", "ha-noi", 6),
    ("tham-muu-gioi-phuc-vu-tot", "Tham mưu giỏi, phục vụ tốt", "", "cdvc-thanh-hoa", "", "thanh-hoa", 8),
    ("thanh-hoa-van-minh-thinh-vuong",
     "Công nhân, viên chức, lao động chung sức, hiện thực hóa khát vọng xây dựng quê hương Thanh Hóa "
     "văn minh, thịnh vượng", "", "ldld-thanh-hoa", "2021-2030", "thanh-hoa", 8),
)

# (id, name, kind, for ("" = both), weight for individuals, weight for collectives, issuer)
# Issuer: "nuoc" Chủ tịch nước, "tt" Thủ tướng, "tld" Tổng LĐLĐ, "tinh" province federation or
# UBND tỉnh, "cap-tren" the article's unit. File order is rank order (highest first).
AWARDS: tuple[tuple[str, str, str, str, float, float, str], ...] = (
    ("huan-chuong-lao-dong-hang-nhi", "Huân chương Lao động hạng Nhì", "khen-thuong", "", 0.2, 0.3, "nuoc"),
    ("huan-chuong-lao-dong-hang-ba", "Huân chương Lao động hạng Ba", "khen-thuong", "", 0.6, 0.8, "nuoc"),
    ("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", "danh-hieu", "tap-the", 0.0, 0.8, "tt"),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "khen-thuong", "", 1.0, 1.0, "tt"),
    ("co-thi-dua-tong-ldld", "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam", "danh-hieu", "tap-the",
     0.0, 2.0, "tld"),
    ("giai-thuong-nguyen-duc-canh", "Giải thưởng Nguyễn Đức Cảnh", "khen-thuong", "ca-nhan", 0.5, 0.0, "tld"),
    ("bang-lao-dong-sang-tao", "Bằng Lao động sáng tạo", "khen-thuong", "ca-nhan", 4.0, 0.0, "tld"),
    ("bang-khen-tong-ldld", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "khen-thuong", "", 5.0, 5.0,
     "tld"),
    ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", "danh-hieu", "ca-nhan", 6.0, 0.0, "cap-tren"),
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", "danh-hieu", "tap-the", 0.0, 6.0, "tinh"),
    ("bang-khen", "Bằng khen", "khen-thuong", "", 25.0, 20.0, "tinh"),
    ("giay-khen", "Giấy khen", "khen-thuong", "", 30.0, 25.0, "cap-tren"),
)
AWARD_ALIASES: dict[str, tuple[str, ...]] = {
    "bang-lao-dong-sang-tao": ("Bằng LĐST",),
    "bang-khen-tong-ldld": ("Bằng khen Tổng LĐLĐ", "Bằng khen của Ban Chấp hành Tổng LĐLĐ Việt Nam"),
    "co-thi-dua-tong-ldld": ("Cờ thi đua Tổng LĐLĐ",),
    "tap-the-lao-dong-xuat-sac": ("TTLĐXS",),
    "chien-si-thi-dua-co-so": ("CSTĐCS",),
}

# --- workplaces, collectives, initiatives -------------------------------------------------------

COMPANY_FORMS: tuple[str, ...] = ("Công ty TNHH", "Công ty CP", "Công ty TNHH MTV", "Công ty CP", "Công ty TNHH")
COMPANY_TRADES: tuple[str, ...] = (
    "May", "Giày da", "Cơ khí", "Điện tử", "Thực phẩm", "Xây dựng", "Cao su", "Dệt", "Bao bì",
    "Thủy sản", "Xi măng", "Chế biến gỗ", "Dược phẩm", "Nhựa", "Thép", "Điện lực", "Cấp nước",
    "Môi trường đô thị", "Vận tải", "Linh kiện điện tử", "Phân bón", "Chè", "Cà phê", "Lương thực",
)
COMPANY_BRANDS: tuple[str, ...] = (
    "Hòa Bình", "Thành Công", "Sông Hồng", "Minh Phát", "Đại Dương", "An Phước", "Hưng Thịnh",
    "Việt Tiến", "Phú Tài", "Trường Sơn", "Tân Cương", "Ánh Dương", "Bảo Long", "Hoàng Gia", "Đông Á",
    "Phương Nam", "Sao Việt", "Thăng Long", "Đức Giang", "Hồng Lĩnh", "Lam Sơn", "Trà Lý", "Quang Minh",
    "Samju Vina", "Rftech", "NewoneVina", "Hanwha", "Foster", "Annora", "Pouchen", "Taekwang", "Youngone",
)
SCHOOL_KINDS: tuple[str, ...] = ("Mầm non", "Tiểu học", "THCS", "THPT", "Cao đẳng Nghề")
SCHOOL_NAMES: tuple[str, ...] = (
    "Lê Lợi", "Trần Phú", "Nguyễn Du", "Lý Tự Trọng", "Chu Văn An", "Hoa Sen", "Võ Thị Sáu", "Kim Đồng",
    "Lê Quý Đôn", "Nguyễn Trãi", "Hùng Vương", "Phan Bội Châu", "Quang Trung", "Đinh Tiên Hoàng",
    "Trưng Vương", "Bế Văn Đàn", "Ngô Quyền", "Hoàng Hoa Thám", "Tô Hiến Thành", "Nguyễn Khuyến",
)
AGENCIES: tuple[str, ...] = (
    "Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường", "Sở Nội vụ", "Bảo hiểm xã hội", "Kho bạc Nhà nước",
    "Văn phòng UBND", "Cục Thuế", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch",
)
TEAMS: tuple[str, ...] = (
    "Tổ May số {n}", "Tổ Cơ điện", "Tổ Bảo trì", "Tổ Đóng gói số {n}", "Tổ Kiểm phẩm", "Tổ Lò hơi",
    "Tổ Sản xuất số {n}", "Tổ Vận hành", "Tổ Cắt số {n}", "Tổ Hoàn thiện", "Tổ Lắp ráp số {n}",
)
DEPARTMENTS: tuple[str, ...] = (
    "Phòng Kỹ thuật", "Phòng Hành chính - Nhân sự", "Phân xưởng Cơ điện", "Phân xưởng số {n}",
    "Phòng Kế hoạch - Vật tư", "Phòng Quản lý chất lượng",
)
HOSPITAL_WARDS: tuple[str, ...] = (
    "Hồi sức tích cực", "Nhi", "Nội tổng hợp", "Ngoại chấn thương", "Sản", "Truyền nhiễm", "Cấp cứu",
)

INITIATIVE_VERBS: tuple[str, ...] = (
    "Cải tiến", "Thiết kế, chế tạo", "Ứng dụng", "Tự động hóa", "Hợp lý hóa", "Số hóa", "Nghiên cứu, cải tạo",
)
INITIATIVE_OBJECTS: tuple[str, ...] = (
    "dây chuyền đóng gói", "máy cắt vải tự động", "hệ thống băng tải", "khuôn ép nhựa",
    "quy trình kiểm tra chất lượng sản phẩm", "phần mềm quản lý kho", "hệ thống xử lý nước thải",
    "lò hơi đốt sinh khối", "quy trình tiếp nhận hồ sơ", "bộ gá hàn", "hệ thống chiếu sáng nhà xưởng",
    "quy trình chăm sóc người bệnh sau phẫu thuật", "bài giảng điện tử", "máy ép viên thức ăn chăn nuôi",
    "hệ thống điều khiển, giám sát trạm bơm", "quy trình bảo dưỡng máy dệt",
)
INITIATIVE_GOALS: tuple[str, ...] = (
    "giảm tiêu hao điện năng", "nâng cao năng suất lao động", "giảm tỷ lệ sản phẩm lỗi",
    "bảo đảm an toàn cho người vận hành", "tiết kiệm nguyên vật liệu", "rút ngắn thời gian thao tác",
    "giảm thời gian chờ của người dân", "nâng cao chất lượng dạy và học", "giảm ô nhiễm môi trường",
    "nâng cao chất lượng điều trị",
)

TAGS: tuple[str, ...] = (
    "sáng kiến", "công nhân giỏi", "viên chức", "nữ công", "an toàn lao động", "khen thưởng",
    "điển hình tiên tiến", "đại hội công đoàn", "Tháng Công nhân", "Tết Sum vầy", "khu công nghiệp",
    "giáo dục", "y tế", "thỏa ước lao động", "đối thoại", "Mái ấm Công đoàn", "phúc lợi đoàn viên",
)

# --- article text -------------------------------------------------------------------------------

TITLES: tuple[str, ...] = (
    "{unit_short}: Sôi nổi phong trào thi đua “{campaign_short}” năm {year}",
    "{unit_short}: Chăm lo cho {n_big} đoàn viên, người lao động năm {year}",
    "Phong trào thi đua gắn với nhiệm vụ chuyên môn: Kinh nghiệm từ {enterprise}",
    "Hội nghị điển hình tiên tiến {place} lần thứ {roman}: Biểu dương {n_mid} tập thể, cá nhân",
    "{unit_short} tổng kết Tháng Công nhân năm {year}, trao {n_mid} suất quà cho đoàn viên",
    "{unit_short} khen thưởng {n_small} tập thể, cá nhân có thành tích xuất sắc năm {year}",
    "{unit_short} trao Bằng khen cho {n_tt} tập thể và {n_cn} cá nhân tiêu biểu",
    "Phát động đợt thi đua cao điểm chào mừng Đại hội Công đoàn {place}, phấn đấu {n_mid} sáng kiến",
    "Gương sáng trong phong trào thi đua: {person_name}, {enterprise}",
    "Phát huy sáng kiến ở {enterprise}: Làm lợi {money} mỗi năm",
    "{unit_short} gặp mặt {n_mid} đoàn viên tiêu biểu nhân kỷ niệm Ngày thành lập Công đoàn Việt Nam",
    "{unit_short}: Đưa phong trào “{campaign_short}” đi vào chiều sâu năm {year}",
    "Biểu dương {n_mid} điển hình tiên tiến trong phong trào “{campaign_short}” tại {place}",
    "Lan tỏa phong trào “{campaign_short}” trong {n_big} công nhân, viên chức, lao động {place}",
    "Từ phong trào “{campaign_short}”, {n_mid} sáng kiến được áp dụng tại {place}",
    "Tôn vinh {n_small} công nhân giỏi, lao động sáng tạo của {unit_short} năm {year}",
    "Công đoàn cơ sở {enterprise}: Điểm sáng phong trào thi đua ở {place}",
    "Nhiều sáng kiến làm lợi {money} từ phong trào “{campaign_short}” ở {place}",
    "{unit} tổng kết thi đua năm {year}, biểu dương {n_mid} điển hình",
    "Sơ kết {n_tiny} năm thực hiện phong trào “{campaign_short}” tại {unit_short}",
    "{person_name}: Người công nhân say mê sáng kiến ở {enterprise}",
    "{enterprise} ký thỏa ước lao động tập thể có lợi hơn cho {n_big} người lao động",
    "Chủ tịch {unit_short} thăm, tặng quà {n_mid} công nhân có hoàn cảnh khó khăn",
)

HEADINGS: dict[str, tuple[str, ...]] = {
    "trien_khai": (
        "Đa dạng hình thức phát động thi đua", "Triển khai đồng bộ, sâu rộng",
        "Phong trào đi vào chiều sâu", "Gắn thi đua với nhiệm vụ chính trị", "Chỉ tiêu cụ thể, sát thực tế",
    ),
    "sang_kien": (
        "Sáng kiến từ những người trực tiếp sản xuất", "Nhiều giải pháp làm lợi hàng tỷ đồng",
        "Khơi dậy tinh thần lao động sáng tạo", "Từ ý tưởng nhỏ đến hiệu quả lớn",
    ),
    "cham_lo": (
        "Chăm lo đời sống đoàn viên", "Đồng hành cùng người lao động", "Điểm tựa của công nhân",
        "Thiết thực, đúng đối tượng",
    ),
    "nu": (
        "Nữ công nhân giỏi việc nước, đảm việc nhà", "Vai trò của lao động nữ",
        "Những bông hồng trên dây chuyền sản xuất",
    ),
    "atvsld": (
        "Bảo đảm an toàn, vệ sinh lao động", "Vì môi trường làm việc an toàn",
        "Phòng ngừa tai nạn lao động từ cơ sở",
    ),
    "khen_thuong": (
        "Tôn vinh những tấm gương tiêu biểu", "Kết quả khen thưởng", "Những điển hình tiên tiến",
        "Khen đúng người, đúng việc",
    ),
    "phuong_huong": (
        "Phương hướng thời gian tới", "Tiếp tục đổi mới nội dung, phương thức thi đua",
        "Nhiệm vụ trọng tâm năm {next_year}", "Hướng mạnh về cơ sở",
    ),
}

LEAD: tuple[str, ...] = (
    "Năm {year}, các cấp công đoàn {place} đã triển khai sâu rộng phong trào thi đua “{campaign}”, thu hút đông đảo công nhân, viên chức, lao động tham gia.",
    "Quán triệt lời dạy “Thi đua là yêu nước, yêu nước thì phải thi đua”, thời gian qua {unit} luôn coi trọng việc phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến.",
    "Ngày {day}/{month}/{year}, {unit} tổ chức hội nghị tổng kết phong trào thi đua và biểu dương các tập thể, cá nhân tiêu biểu.",
    "Dù còn nhiều khó khăn trong sản xuất kinh doanh, phong trào “{campaign}” tại {place} vẫn được duy trì đều đặn và đạt nhiều kết quả đáng khích lệ.",
    "Với sự vào cuộc đồng bộ của các cấp công đoàn, phong trào thi đua yêu nước trong công nhân, viên chức, lao động {place} ngày càng thiết thực và hiệu quả.",
    "Hội nghị có sự tham dự của {leader_title} {leader} cùng đại diện lãnh đạo các sở, ngành và hơn {n_mid} đại biểu là cán bộ công đoàn, đoàn viên tiêu biểu.",
    "Theo báo cáo của {unit_short}, năm {year} toàn địa bàn có {n_big} đoàn viên công đoàn đăng ký tham gia các phong trào thi đua.",
    "Phong trào đã trở thành động lực quan trọng giúp các doanh nghiệp ổn định sản xuất, bảo đảm việc làm và thu nhập cho người lao động.",
    "Sáng {day}/{month}, tại hội trường {unit_short}, hơn {n_mid} đại biểu đã về dự hội nghị biểu dương điển hình tiên tiến năm {year}.",
    "Năm {year} là năm thứ {n_tiny} {unit_short} triển khai phong trào “{campaign}” theo hướng lấy công đoàn cơ sở làm trung tâm.",
)

SENTENCES: dict[str, tuple[str, ...]] = {
    "trien_khai": (
        "Ngay từ đầu năm, {unit_short} đã ban hành kế hoạch, hướng dẫn các công đoàn cơ sở đăng ký thi đua với những chỉ tiêu cụ thể, sát với nhiệm vụ chuyên môn của từng đơn vị.",
        "Nội dung thi đua được cụ thể hóa thành các tiêu chí rõ ràng, dễ đánh giá, gắn với năng suất, chất lượng và hiệu quả công việc.",
        "Các công đoàn cơ sở phối hợp chặt chẽ với người sử dụng lao động tổ chức phát động thi đua theo từng đợt, từng chuyên đề.",
        "Nhiều đơn vị đã lồng ghép phong trào “{campaign}” với việc thực hiện nhiệm vụ chính trị của địa phương, tạo sức lan tỏa rộng rãi.",
        "Công tác tuyên truyền được đổi mới theo hướng ngắn gọn, trực quan, tận dụng mạng xã hội và các nhóm trao đổi của tổ công đoàn.",
        "Đến nay, {pct}% công đoàn cơ sở trực thuộc đã ký kết giao ước thi đua với chuyên môn đồng cấp.",
        "Theo {leader_title} {leader}, điểm mới của năm {year} là việc đưa tiêu chí thi đua vào đánh giá, xếp loại công đoàn cơ sở cuối năm.",
        "Các khối, cụm thi đua duy trì sinh hoạt định kỳ, trao đổi kinh nghiệm và kiểm tra chéo kết quả thực hiện giữa các đơn vị.",
        "Tại {enterprise}, công đoàn cơ sở đã phối hợp với ban giám đốc phát động đợt thi đua cao điểm, thu hút {n_mid} công nhân tham gia.",
        "Phong trào “{campaign2}” cũng được triển khai đồng bộ, góp phần nâng cao ý thức trách nhiệm của đoàn viên trong công việc.",
        "Việc sơ kết, đánh giá được thực hiện sáu tháng một lần, qua đó kịp thời biểu dương những cách làm hay và chấn chỉnh những nơi còn hình thức.",
        "Nhiều công đoàn cơ sở đã đề xuất với chủ doanh nghiệp trích quỹ khen thưởng riêng cho phong trào, với tổng kinh phí trên {money}.",
        "Ở khối hành chính sự nghiệp, thi đua được gắn với cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    ),
    "sang_kien": (
        "Trong năm {year}, công nhân, viên chức, lao động {place} đã đề xuất {n_mid} sáng kiến, cải tiến kỹ thuật, làm lợi ước tính {money}.",
        "Tiêu biểu là sáng kiến “{initiative}” của {worker_ref} tại {enterprise}, được hội đồng khoa học đánh giá cao về khả năng áp dụng.",
        "Nhiều giải pháp tuy nhỏ nhưng giúp rút ngắn thời gian thao tác, giảm sức lao động và bảo đảm an toàn cho người vận hành.",
        "{unit_short} đã phối hợp với Sở Khoa học và Công nghệ tổ chức thẩm định, công nhận hiệu quả của các sáng kiến để làm căn cứ khen thưởng.",
        "Chia sẻ về kinh nghiệm của mình, {worker_ref} cho biết ý tưởng xuất phát từ chính những vướng mắc hằng ngày trên dây chuyền sản xuất.",
        "Đáng chú ý, {n_small} sáng kiến đã được nhân rộng ra các doanh nghiệp cùng ngành trên địa bàn, mang lại giá trị làm lợi hằng năm.",
        "Phong trào “{campaign}” được cụ thể hóa bằng chỉ tiêu mỗi công đoàn cơ sở có ít nhất một sáng kiến được công nhận trong năm.",
        "Các sáng kiến đều được đăng ký trên phần mềm quản lý của Tổng Liên đoàn Lao động Việt Nam, đạt {pct}% chỉ tiêu được giao.",
        "Nhờ áp dụng sáng kiến “{initiative}”, {enterprise} đã tiết kiệm được {money} chi phí sản xuất mỗi năm.",
        "Không chỉ ở khu vực sản xuất, đội ngũ viên chức ngành giáo dục và y tế cũng có {n_small} đề tài, giải pháp được áp dụng hiệu quả.",
        "Người lao động có sáng kiến được công đoàn hỗ trợ kinh phí hoàn thiện hồ sơ và được ưu tiên xét nâng bậc, nâng lương.",
        "Hội thi tay nghề giỏi lần thứ {n_tiny} thu hút {n_mid} thí sinh đến từ {n_small} doanh nghiệp, tạo không khí thi đua sôi nổi trong công nhân lao động.",
    ),
    "cham_lo": (
        "Song song với phong trào thi đua, {unit_short} đặc biệt quan tâm chăm lo đời sống vật chất, tinh thần cho đoàn viên và người lao động.",
        "Dịp Tết Nguyên đán, các cấp công đoàn đã trao {n_big} suất quà cho đoàn viên có hoàn cảnh khó khăn với tổng kinh phí {money}.",
        "Chương trình “Mái ấm Công đoàn” hỗ trợ xây mới và sửa chữa {n_small} căn nhà cho đoàn viên khó khăn về nhà ở.",
        "Trong Tháng Công nhân, công đoàn cơ sở phối hợp với doanh nghiệp tổ chức khám sức khỏe miễn phí cho {n_mid} công nhân.",
        "Thông qua đối thoại tại nơi làm việc, nhiều kiến nghị của người lao động về tiền lương, bữa ăn ca, nhà trọ đã được giải quyết kịp thời.",
        "Đến nay, {pct}% doanh nghiệp có tổ chức công đoàn đã ký kết thỏa ước lao động tập thể với nhiều điều khoản có lợi hơn quy định của pháp luật.",
        "Giá trị bữa ăn ca tại nhiều doanh nghiệp đã được nâng lên, bình quân đạt {meal}.000 đồng mỗi suất.",
        "Chương trình “Phúc lợi đoàn viên” giúp đoàn viên mua hàng hóa, sử dụng dịch vụ với giá ưu đãi tại {n_small} cơ sở liên kết.",
        "{leader_title} {leader} cho biết, chăm lo thiết thực cho người lao động chính là nền tảng để phong trào thi đua phát triển bền vững.",
        "Con em công nhân, viên chức, lao động có thành tích học tập tốt được trao {n_mid} suất học bổng trong năm.",
        "Công đoàn cũng tổ chức các giải thể thao, hội diễn văn nghệ quần chúng, tạo sân chơi lành mạnh cho công nhân sau giờ làm việc.",
        "Chương trình “Tết Sum vầy” năm {year} đã hỗ trợ vé xe cho {n_mid} công nhân về quê đón Tết cùng gia đình.",
    ),
    "nu": (
        "Phong trào thi đua “Giỏi việc nước, đảm việc nhà” tiếp tục được nữ đoàn viên hưởng ứng tích cực, với {pct}% chị em đăng ký tham gia.",
        "Ban Nữ công các cấp đã tổ chức {n_small} buổi tư vấn về chăm sóc sức khỏe sinh sản và nuôi dạy con cho lao động nữ.",
        "Tiêu biểu là {worker_f_ref}, vừa hoàn thành xuất sắc nhiệm vụ tại {enterprise}, vừa chăm lo chu đáo cho gia đình.",
        "Nhiều doanh nghiệp đã bố trí phòng vắt, trữ sữa và hỗ trợ chi phí gửi trẻ cho con công nhân nữ.",
        "Bên cạnh đó, phong trào “Giỏi việc nước, chia sẻ việc nhà” dành cho nam đoàn viên cũng thu hút đông đảo người tham gia.",
        "Năm {year}, có {n_mid} nữ đoàn viên được các cấp công đoàn biểu dương danh hiệu “Giỏi việc nước, đảm việc nhà”.",
        "Các cấp công đoàn đã giới thiệu {n_small} nữ cán bộ công đoàn tiêu biểu để cấp ủy xem xét, bồi dưỡng, quy hoạch.",
        "Chị em không chỉ đóng góp vào năng suất lao động mà còn là lực lượng nòng cốt trong các hoạt động văn hóa, thể thao tại cơ sở.",
        "Câu lạc bộ nữ công nhân ở {enterprise} duy trì sinh hoạt hằng tháng, giúp chị em chia sẻ kinh nghiệm và hỗ trợ nhau trong cuộc sống.",
    ),
    "atvsld": (
        "Hưởng ứng Tháng hành động về an toàn, vệ sinh lao động, {unit_short} đã phối hợp kiểm tra {n_small} doanh nghiệp trên địa bàn.",
        "Mạng lưới an toàn, vệ sinh viên tại các doanh nghiệp với {n_mid} thành viên thường xuyên phát hiện và kiến nghị khắc phục nguy cơ mất an toàn.",
        "Phong trào “Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động” góp phần giảm số vụ tai nạn lao động so với năm {prev_year}.",
        "Công đoàn cơ sở {enterprise} đã đề xuất lắp đặt hệ thống thông gió, cải thiện đáng kể môi trường làm việc cho công nhân.",
        "Các lớp huấn luyện an toàn, vệ sinh lao động được tổ chức cho {n_mid} cán bộ công đoàn và người lao động.",
        "Nhiều doanh nghiệp đã trang bị đầy đủ phương tiện bảo vệ cá nhân và tổ chức diễn tập phòng cháy, chữa cháy định kỳ.",
        "Theo thống kê, {pct}% doanh nghiệp có tổ chức công đoàn đã thành lập hội đồng an toàn, vệ sinh lao động theo quy định.",
        "Công tác giám sát của công đoàn được đánh giá là kênh quan trọng giúp người sử dụng lao động kịp thời khắc phục các tồn tại.",
    ),
    "khen_thuong": (
        "Dịp này, {unit_short} đã tặng Bằng khen cho {n_tt} tập thể và {n_cn} cá nhân có thành tích xuất sắc trong phong trào thi đua năm {year}.",
        "Trong số các cá nhân được khen thưởng có {awardee_desc}, người đã có nhiều đóng góp cho phong trào.",
        "{awardee_ref} là một trong những gương mặt tiêu biểu được {unit_short} biểu dương năm nay.",
        "Nhiều tập thể như {collective} đã được đề nghị cấp trên khen thưởng vì dẫn đầu cụm, khối thi đua.",
        "Việc bình xét khen thưởng được thực hiện công khai, dân chủ, đúng người, đúng thành tích, ưu tiên công nhân trực tiếp sản xuất.",
        "Cũng tại hội nghị, {n_small} tập thể, cá nhân được Tổng Liên đoàn Lao động Việt Nam tặng Bằng khen.",
        "Các điển hình được biểu dương là minh chứng sinh động cho hiệu quả của phong trào “{campaign}” tại cơ sở.",
        "{leader_title} {leader} đề nghị các tập thể, cá nhân được khen thưởng tiếp tục phát huy thành tích, trở thành hạt nhân trong phong trào thi đua.",
        "Danh sách các tập thể, cá nhân được khen thưởng được công bố ngay sau hội nghị để các đơn vị học tập, nhân rộng.",
        "Trong năm, {unit_short} đã đề nghị cấp trên khen thưởng {n_small} tập thể và {n_small2} cá nhân; tự khen thưởng {n_mid} lượt tập thể, cá nhân.",
        "Đặc biệt, {awardee_ref} vinh dự được nhận {award_name}, phần thưởng xứng đáng cho nhiều năm cống hiến.",
    ),
    "phuong_huong": (
        "Thời gian tới, {unit_short} sẽ tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua, hướng mạnh về cơ sở.",
        "Các cấp công đoàn sẽ tập trung phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến, nhất là công nhân trực tiếp sản xuất.",
        "Năm {next_year}, {unit_short} phấn đấu có ít nhất {pct}% công đoàn cơ sở đăng ký thi đua và {n_mid} sáng kiến được công nhận.",
        "{leader_title} {leader} nhấn mạnh: phong trào thi đua phải gắn với quyền lợi thiết thực của người lao động thì mới bền vững.",
        "Công tác khen thưởng sẽ tiếp tục được thực hiện kịp thời, chính xác, chú trọng khen thưởng đột xuất những thành tích nổi bật.",
        "Bên cạnh đó, {unit_short} sẽ đẩy mạnh chuyển đổi số trong quản lý đoàn viên và theo dõi kết quả thi đua.",
        "Phong trào “{campaign}” sẽ được lồng ghép với các hoạt động chào mừng những ngày lễ lớn của đất nước trong năm {next_year}.",
        "Các đơn vị được yêu cầu sơ kết, đánh giá định kỳ, kịp thời tháo gỡ vướng mắc phát sinh trong quá trình triển khai.",
    ),
    # Overflow pool: used when an article's sections have used up their topic's sentences.
    "chung": (
        "Kết quả này có sự đóng góp không nhỏ của đội ngũ cán bộ công đoàn cơ sở, những người gần gũi và hiểu người lao động nhất.",
        "Nhiều mô hình hay, cách làm sáng tạo đã được ghi nhận và giới thiệu trên các phương tiện thông tin đại chúng.",
        "Sự phối hợp giữa công đoàn và chính quyền, chuyên môn đồng cấp ngày càng chặt chẽ, hiệu quả.",
        "Tuy vậy, ở một số đơn vị phong trào vẫn còn mang tính hình thức, chưa thu hút được đông đảo người lao động tham gia.",
        "Một số doanh nghiệp gặp khó khăn về đơn hàng nên việc tổ chức thi đua và khen thưởng chưa được thường xuyên.",
        "Đội ngũ cán bộ công đoàn cơ sở chủ yếu hoạt động kiêm nhiệm nên thời gian dành cho công tác thi đua còn hạn chế.",
        "Những con số trên cho thấy sức sống của phong trào thi đua trong đời sống công nhân, viên chức, lao động.",
        "Phát biểu tại hội nghị, đại diện lãnh đạo địa phương ghi nhận và đánh giá cao những đóng góp của tổ chức công đoàn.",
        "Nhiều ý kiến tham luận tập trung vào giải pháp nâng cao chất lượng hoạt động của công đoàn cơ sở khu vực ngoài nhà nước.",
        "Các đại biểu cũng dành thời gian trao đổi về việc phát triển đoàn viên và xây dựng công đoàn cơ sở vững mạnh.",
        "Trong năm, {unit_short} đã phát triển mới {n_mid} đoàn viên và thành lập {n_small} công đoàn cơ sở.",
        "Hoạt động của {unit_short} nhận được sự quan tâm, chỉ đạo sát sao của {parent} và cấp ủy địa phương.",
    ),
}

CLOSING: tuple[str, ...] = (
    "Những kết quả đạt được trong năm {year} là tiền đề quan trọng để {unit_short} tiếp tục thực hiện thắng lợi các mục tiêu, nhiệm vụ đề ra.",
    "Phong trào thi đua đã và đang khẳng định vai trò của tổ chức công đoàn trong việc đại diện, chăm lo, bảo vệ quyền, lợi ích hợp pháp của người lao động.",
    "Với những cách làm sáng tạo, hiệu quả, phong trào thi đua tại {place} tiếp tục lan tỏa mạnh mẽ trong công nhân, viên chức, lao động.",
    "Hội nghị khép lại trong không khí phấn khởi, với quyết tâm đưa phong trào thi đua lên tầm cao mới trong năm {next_year}.",
)

BULLET_INTROS: tuple[str, ...] = (
    "Một số kết quả nổi bật của {unit_short} trong năm {year}:",
    "Kết quả chính của phong trào năm {year}:",
    "Theo báo cáo tổng kết, trong năm {year}:",
)
BULLETS: tuple[str, ...] = (
    "{n_big} lượt công nhân, viên chức, lao động đăng ký tham gia thi đua;",
    "{n_mid} sáng kiến, cải tiến kỹ thuật được công nhận, làm lợi {money};",
    "{pct}% công đoàn cơ sở đăng ký xây dựng công đoàn cơ sở vững mạnh;",
    "{n_mid} doanh nghiệp ký kết thỏa ước lao động tập thể;",
    "{n_mid} suất quà Tết trao cho đoàn viên khó khăn, tổng trị giá {money};",
    "{n_small} “Mái ấm Công đoàn” được xây mới và sửa chữa;",
    "{n_mid} nữ đoàn viên đạt danh hiệu “Giỏi việc nước, đảm việc nhà”;",
    "{n_small} công trình, sản phẩm chào mừng Đại hội Công đoàn các cấp;",
    "{n_big} đoàn viên được tuyên truyền về pháp luật lao động;",
    "phát triển mới {n_mid} đoàn viên, thành lập {n_small} công đoàn cơ sở;",
    "{n_small} cuộc đối thoại tại nơi làm việc được tổ chức;",
)

IMAGE_CAPTIONS: tuple[str, ...] = (
    "Lãnh đạo {unit_short} trao khen thưởng cho các tập thể, cá nhân tiêu biểu (Ảnh: {photo})",
    "Các đại biểu dự hội nghị chụp ảnh lưu niệm (Ảnh: {photo})",
    "Công nhân {enterprise} trong giờ làm việc (Ảnh: {photo})",
    "Quang cảnh hội nghị tổng kết phong trào thi đua năm {year} (Ảnh: {photo})",
    "Đoàn viên công đoàn nhận quà hỗ trợ dịp Tháng Công nhân (Ảnh: {photo})",
)

INTERNAL_LINKS: tuple[str, ...] = (
    "Trước đó, {other_unit} đã có bài viết [{other_title}]({href}) về những kết quả bước đầu của phong trào.",
    "Bạn đọc có thể tham khảo thêm bài [{other_title}]({href}) đăng ngày {other_date}.",
    "Xem thêm: [{other_title}]({href}).",
)
EXTERNAL_LINKS: tuple[str, ...] = (
    "Tiêu chuẩn khen thưởng được đăng tải trên [Cổng thông tin điện tử Tổng Liên đoàn Lao động Việt Nam](https://www.congdoan.vn/).",
    "Toàn văn Luật Thi đua, khen thưởng năm 2022 có thể tra cứu tại [Cơ sở dữ liệu quốc gia về văn bản pháp luật](https://vbpl.vn/).",
    "Nhiều hình ảnh về hoạt động của công đoàn được đăng trên [Báo Lao Động](https://laodong.vn/).",
    "Các điển hình tiên tiến cũng được giới thiệu trên [Báo Lao động Thủ đô](https://laodongthudo.vn/).",
)

SUMMARIES: tuple[str, ...] = (
    "{unit_short} tổng kết phong trào thi đua năm {year}, biểu dương các tập thể, cá nhân tiêu biểu.",
    "Phong trào “{campaign}” tại {place} năm {year} đạt nhiều kết quả, với {n_mid} sáng kiến được công nhận.",
    "Các cấp công đoàn {place} đẩy mạnh thi đua gắn với chăm lo đời sống người lao động.",
    "Hơn {n_mid} đại biểu dự hội nghị biểu dương điển hình tiên tiến của {unit_short}.",
)

COLLECTIVE_PATTERNS: tuple[str, ...] = (
    "Công đoàn cơ sở {enterprise}",
    "Công đoàn Trường {school}",
    "Công đoàn Bệnh viện Đa khoa {bare_place}",
    "{team}, {enterprise}",
    "Công đoàn {agency} {province}",
    "{department}, {enterprise}",
    "Ban Nữ công Công đoàn cơ sở {enterprise}",
)
POSITION_PATTERNS: tuple[str, ...] = (
    "Công nhân {team}, {enterprise}",
    "Chủ tịch Công đoàn cơ sở {enterprise}",
    "Giáo viên Trường {school}",
    "Bác sĩ Khoa {ward}, Bệnh viện Đa khoa {bare_place}",
    "Kỹ sư {department}, {enterprise}",
    "Phó Giám đốc, Chủ tịch công đoàn {agency} {province}",
    "Tổ trưởng {team}, {enterprise}",
    "Chuyên viên {agency} {province}",
    "Điều dưỡng Khoa {ward}, Bệnh viện Đa khoa {bare_place}",
)
ACHIEVEMENT_PATTERNS: tuple[str, ...] = (
    "Sáng kiến “{initiative}”, làm lợi {money}",
    "Hoàn thành xuất sắc nhiệm vụ năm {year}",
    "Có thành tích xuất sắc trong phong trào “{campaign}”",
    "Đạt giải Nhất Hội thi tay nghề giỏi năm {year}",
    "Dẫn đầu phong trào thi đua của khối, cụm năm {year}",
)
