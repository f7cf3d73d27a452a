"""Checking Vietnamese in context: what must be found, what must be left alone, and that
context findings are reported with all their suggestions and never written."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from glossary import check_text
from glossary.domain import TRIGRAM_SUPPORT, trigram_gain, trigram_support
from glossary.spell import apply_fixes

from .conftest import found

# -- precision: clean text the checker must leave alone --------------------------------
CLEAN = {
    "thay đổi": "Bạn có thể thay đổi kích thước của ô.",
    "hay": "Chọn một hay nhiều ô trong bảng.",
    "bo mạch": "Máy tính bị hỏng bo mạch chủ nên không khởi động được.",
    "quanh co": "Con đường quanh co dẫn lên núi.",
    "va chạm": "Hai xe va chạm trên đường cao tốc.",
    "va-chạm": "Hai xe va-chạm trên đường cao tốc.",  # a hyphen with letters across it ties
    "don't": "Anh ấy nói “don't worry” rồi đi về nhà.",
    "Jean-Côme": "Tác giả Jean-Côme Noguès đã viết cuốn sách này.",
    "lệnh cat": "Dùng lệnh cat để xem nội dung tập tin.",
    "the": "Nhấn vào nút the để mở bảng.",
    "Bêta": "Phiên bản Bêta của ứng dụng đã được phát hành.",
    "English with Vietnamese": "We’ve been there too — it’s our own fault, đúng không?",
    "English, curly quotes and a dash": "We’ve been there too — it’s our own “fault”, isn’t it?",
    "Mô-dăm-bích": "Thủ đô của Mô-dăm-bích là Ma-pu-tô.",
    "Ô-xtrây-li-a": "Ô-xtrây-li-a là một quốc gia lớn.",
    "Xlô-va-ki-a": "Cộng hoà Xlô-va-ki-a nằm ở Trung Âu.",
    "vừa vặn": "Vừa vặn",
    "lôi kéo": "Họ bị sa ngã trước sự mua chuộc, lôi kéo của bọn tội phạm.",
    "a bullet is not a hyphen": "Tác giả Jean-Côme và Marie-Ève.",
    "canh, a word the table knows": "Canh trên đỉnh",
    "a file extension": "Lưu dưới dạng .doc của Microsoft Word.",
    "a file name": "Mở tệp doc.txt trong thư mục.",
    "họp where it belongs": "Cuộc họp diễn ra hôm nay.",
    # rare in software text, common in general text: both neighbours preferring chỉ is not enough
    "báo chí": "Xây dựng Đề án quy hoạch báo chí trong ngành.",
    # the table saw "một cho" and "cho dòng" only two or three times: too thin to agree
    "cờ dòng lệnh": "Bạn đang sử dụng một cờ dòng lệnh không được hỗ trợ.",
    "an access key inside a capitalised word": "Mở trong cửa sổ Ẩ&n danh",
    # a syllable the table uses often, beside bigrams it has seen
    "đối tượng": "Chọn đối tượng rồi nhấn vào nút.",
    "bản sao": "Tạo một bản sao của tài liệu.",
    # cho phép is a compound, but có is used too often for its rare pairs to say anything
    "có beside a compound's second word": "Chọn sự kiện có phép gán cần gỡ bỏ trong danh sách.",
    "giá trị": "Giá trị của ô.",
}


@pytest.mark.parametrize("text", CLEAN.values(), ids=CLEAN.keys())
def test_clean_text_has_no_findings(text: str) -> None:
    assert found(text) == []


# -- slips context finds ----------------------------------------------------------------
SLIPS = {
    "unaccented cac": ("Chọn cac tập tin cần mở.", "cac", "các"),
    "unaccented khong": ("Tôi khong biết điều đó.", "khong", "không"),
    "unaccented co before thể": ("Bạn co thể chọn mẫu để chỉnh sửa.", "co", "có"),
    "unaccented nut": ("Hãy nhấn nut này.", "nut", "nút"),
    # a dash before a space is no joiner: the option's name set off by dashes
    "between dashes": ("Bạn cũng có thể chọn mục -khong có- để gỡ bỏ hàng.", "khong", "không"),
    "rare liêu": ("Nhập tham chiếu ô nhập liêu cần dùng làm biến.", "liêu", "liệu"),
    "capital after a bullet": ("Danh sách:\n- Cac mục đã chọn", "Cac", "Các"),
    "a common unaccented form": ("Khoang cách Y", "Khoang", "Khoảng"),
    "vao": ("Nhấn vao nút này.", "vao", "vào"),
    "far rarer in software text": ("Đóng họp thoại này.", "họp", "hộp"),
    "never seen in software text": ("Biểu tượng này được ân đi khi bạn đóng tệp.", "ân", "ẩn"),
    # words the glossary's own entries use (cương, tị) are still judged in context
    "a word of a glossary entry: cương": ("Chạy cương trình này.", "cương", "chương"),
    "a word of a glossary entry: tị": ("Đây là đồ tị có cùng màu.", "tị", "thị"),
    # both neighbours, each on its own, prefer the kin: a smaller margin is enough
    "both sides agree: có thê tải": ("Bạn có thê tải tệp xuống.", "thê", "thể"),
    "both sides agree: có thê chọn": ("Bạn có thê chọn một mục.", "thê", "thể"),
    # a syllable the table uses often, where it has never seen it beside either neighbour
    "contested: dự for dữ": ("Trường chứa dự liệu cần hiển thị.", "dự", "dữ"),
    "contested: tư for tự": ("Bật chức năng để tư động lưu.", "tư", "tự"),
    # the kin makes a compound with a neighbour where the word makes none: a smaller margin
    "compound: ứng dụng": ("Tiện ích mở rộng giống như các ứng dung dành cho trình duyệt.", "dung", "dụng"),
    # a common unaccented form that makes no pair of general text with either neighbour:
    # a kin seen beside one of them is enough (va chạm, quanh co and bo mạch above are pairs)
    "one side, no pair as written: đọc lai": ("Hãy đọc lai tài liệu về cơ sở dữ liệu đó.", "lai", "lại"),
    "compound: bảo vệ": ("Chúng cho phép bạn bao vệ mật khẩu.", "bao", "bảo"),
    "compound: vị trí": ("Ghi rõ vị trị của nguồn ánh sáng.", "trị", "trí"),
}


@pytest.mark.parametrize(("text", "word", "meant"), SLIPS.values(), ids=SLIPS.keys())
def test_context_finds_the_slip(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


RANKED = {  # non-words whose first suggestion needs the neighbours
    "thay đỏi": ("Bạn có thể thay đỏi kích thước.", "đỏi", "đổi"),
    "trung têm": ("Nằm ở trung têm thành phố.", "têm", "tâm"),
    "số sột": ("Chọn số sột trong bảng.", "sột", "cột"),
}


@pytest.mark.parametrize(("text", "word", "meant"), RANKED.values(), ids=RANKED.keys())
def test_suggestions_are_ranked_in_context(text: str, word: str, meant: str) -> None:
    assert ("non-word", word, meant) in found(text)


def test_a_word_of_a_multi_word_typo_key_is_not_known_elsewhere() -> None:
    assert found("Anh ấy giận dổi cả ngày.") == [("typo", "giận dổi", "giận dỗi")]
    assert ("non-word", "dổi", "đổi") in found("Dữ liệu dổi theo thời gian.")


def test_a_repeated_slip_is_still_a_slip() -> None:
    assert len(found("Đươc. Đươc. Đươc. Đươc. Đươc. Đươc.")) == 6
    assert found("Lôgic học. Lôgic mờ. Lôgic số. Lôgic tập. Lôgic ba.") == []  # a loanword, used often


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Trợ lý Biêu mẫu > Chọn trường", "Biêu", "Biểu"),
    ("Chọn lệnh Chền > Ngày và giờ.", "Chền", "Chèn"),
])
def test_a_marked_slip_in_a_title_case_label_is_not_a_name(text: str, word: str, meant: str) -> None:
    assert ("non-word", word, meant) in found(text)


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Chọn Cong cụ > Tùy chọn.", "Cong", "Công"),
    ("Phụ thuộc vào Chương trình Quan lý Cửa sổ hiện tại.", "Quan", "Quản"),
    ("Sắp đặt, Sắp hàng và Phan phối các Đối tượng", "Phan", "Phân"),
])
def test_the_first_word_of_a_sentence_case_label_is_judged_in_context(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Con trỏ đợi trong cửa sổ Lênh.", "Lênh", "Lệnh"),  # before punctuation
    ("Mở hộp thoại Định dạng Báng, rồi chọn kiểu", "Báng", "Bảng"),
    ("Con trỏ đợi trong cửa sổ Lênh để bạn gõ", "Lênh", "Lệnh"),  # sổ lệnh: a compound
])
def test_the_last_word_of_a_label_after_a_lower_case_word_is_judged_in_context(text: str, word: str,
                                                                               meant: str) -> None:
    assert ("context", word, meant) in found(text)


@pytest.mark.parametrize("text", [
    "Chọn Công cụ > Tùy chọn.",  # the label as it should be
    "Con trỏ đợi trong cửa sổ Lệnh.",
    "Tôi sống ở Huế.",  # a name after a lower-case word
    "Hôm qua tôi gặp anh Tâm.",
    "Đây là bạn của chị Hoa.",
    "Văn phòng đặt tại Bạc Liêu và Gia Lai.",  # after a capital: a name (liệu, lại)
    "Đường Nguyễn Trãi và đường Trường Chinh ở Hà Nội.",
    "Tây Ban Nha và Bồ Đào Nha",
    "Anh Tám chiếu phim cho cả xóm.",  # tham chiếu is a compound, but the table never saw "anh tham"
    "Hôm qua anh Tám chiếu phim.",
    "Em Trí học ở trường Trường Chinh.",  # far from software text: a title-case run is a name
])
def test_a_name_inside_a_sentence_is_not_a_label(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Chọn Nguồn Dư Liệu để tiếp tục.", "Dư", "Dữ"),  # a title-case run in software text
    ("Mở Am thanh hoặc Ảnh động", "Am", "Âm"),
    ("Nhấn nút này để bật Ma hóa cho tệp đã chọn.", "Ma", "Mã"),  # alone, but mã hóa is a compound
    ("Chọn Phạm Vị In để tiếp tục.", "Vị", "Vi"),  # a surname, but the table's compound: phạm vi
])
def test_a_capital_inside_a_sentence_of_software_text_is_judged(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


@pytest.mark.parametrize("text", [
    "Thêm Trương Văn Tài vào danh bạ.",  # a surname with a capital after it: a name
    "Tài khoản của Phan Văn Ba đã bị khoá.",
    "Tài khoản của Trương Thanh Trí đã bị khoá.",
    "Nhấn vào tên Lưu Thị Nhung để mở hồ sơ.",
    "Bạn có thể liên hệ với Đinh Văn Tài để biết thêm chi tiết.",
    "Đỗ Mạnh Khoa đã chỉnh sửa tệp này.",  # at a sentence start too
    "Gửi tệp cho anh Tín để được hỗ trợ.",  # after a word that puts a name after it
    "Địa chỉ: số 5 đường Trường Chinh, Huế",
    "Bạn đã được Lâm thêm vào nhóm.",  # a capital alone: a given name
    "Tài khoản của Khoa đã bị khóa.",
    "Tài khoản của Cù Thị Hoa đã bị khóa.",  # a capital before the middle name Thị
    'Tài khoản của "Nguyễn Thị Nhung" đã bị khóa.',
    "Tài khoản của NGUYỄN Thị Nhung đã bị khóa.",
    "Tài khoản @Lâm_Tú đã theo dõi bạn.",
])
def test_a_name_in_software_text_is_not_judged(text: str) -> None:
    assert found(text) == []


def test_a_word_context_almost_flags_is_flagged_where_general_vietnamese_prefers_its_kin_by_far() -> None:
    # the table's margin falls a third of a nat short; general Vietnamese prefers quả by 8.3 nats
    assert ("context", "qua", "quả") in found("Không có kết qua tương ứng, hoặc có lỗi.")
    assert found("Không có kết quả tương ứng, hoặc có lỗi.") == []


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Khi nào nên dung công thức mảng?", "dung", "dùng"),  # between two words
    ("Văn bản được nhập vào tử bên phải qua bên trái.", "tử", "từ"),
    ("Việc này làm chậm máy tính của bản và có thể tăng hóa đơn.", "bản", "bạn"),
    ("Chức năng thay thế phông có ảnh hướng đến cách hiển thị.", "hướng", "hưởng"),
    ("Hiển thị các thông báo lỗi nghiêm trong đối với hệ thống.", "trong", "trọng"),
    ("Không thể động bộ hoá dữ liệu.", "động", "đồng"),
])
def test_a_word_context_almost_flags_is_flagged_where_the_general_trigrams_prefer_its_kin_by_far(
        text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)
    assert found(text.replace(word, meant, 1)) == []


@pytest.mark.parametrize("text", [
    # at 7 nats rather than 8, the trigrams took this right word for a slip of định
    "Mở hộp thoại Gán vĩ lệnh, trong đó bạn có thể đính một vĩ lệnh kèm theo.",
    # beside a break, the trigrams took right words for slips (Nạp for Nhập, Đè for Để)
    "Nạp địa chỉ máy chủ từ biến môi trường.",
    "Đè chiều cao yêu cầu của ô điều khiển.",
    "Dừng các tác vụ đang chạy.",
    "Đừng bỏ qua khối số không khi rã",
    "Tùy chọn -tostop dừng các công việc nền.",  # beside code
])
def test_the_general_trigrams_leave_a_right_word_alone(text: str) -> None:
    assert found(text) == []


def test_the_general_trigrams_leave_an_unaccented_word_beside_another_alone() -> None:
    # dang nhap: a run written without marks on purpose, though the trigrams prefer nhập
    words = ("để", "dang", "vào", "tài")
    assert trigram_gain("nhap", words) >= TRIGRAM_SUPPORT and not trigram_support("nhap", words)


def test_vietnamese_words_joined_by_underscores_are_checked_as_words() -> None:
    # translated argument names, as spreadsheet help writes them
    assert ("context", "Vi", "Vị") in found('REPLACE("Chuỗi"; Vi_trí; Độ_dài; "Chuỗi_mới")')
    assert ("context", "chiêu", "chiếu") in found("Tham_chiêu là ô đầu tiên của vùng.")
    assert found('REPLACE("Chuỗi"; Vị_trí; Độ_dài; "Chuỗi_mới")') == []
    assert found("Đặt biến so_luong = 0 rồi chạy lại.") == []  # no Vietnamese letter: an identifier
    assert found("Ndân_số là kích cỡ của tổng dân số.") == []  # a piece that is no syllable
    assert found("Từ chố_i tất cả") == found("Tù_y chọn") == []  # an access key inside a word


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Cô thể chọn nhiều tệp cùng lúc.", "Cô", "Có"),  # a kinship word is no name by itself
    ("Lưu ý: Cô thể mất dữ liệu.", "Cô", "Có"),
    ("Cầu hình mạng không đúng.", "Cầu", "Cấu"),
])
def test_a_word_that_puts_a_name_after_it_is_still_judged_itself(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


def test_a_capital_after_a_menu_path_separator_is_checked() -> None:
    assert ("non-word", "Cuẩn", "Chuẩn") in found("Chọn lệnh Xem > Cuẩn.")
    assert found("Chọn lệnh Xem > Chuẩn.") == []
    assert found("Chọn lệnh Xem > Nguyễn Du.") == []  # a name after a menu path: a run of capitals


def test_a_capital_after_a_bullet_is_checked() -> None:
    assert ("non-word", "Đươc", "Được") in found("- Đươc chọn")
    assert found("Tác giả Jean-Đươc viết.") == []  # inside a name, a capital is a name


def test_context_findings_carry_all_suggestions_and_are_never_written() -> None:
    text = "Chọn cac tập tin cần mở."
    [f] = check_text(text)
    assert f.kind == f.rule == "context" and not f.fixable
    assert len(f.suggestions) > 1 and f.suggestions[0] == "các"
    assert apply_fixes(text, [f]) == text


@pytest.mark.parametrize("text", ["Đóng họp thoại này.", "Trường chứa dự liệu cần hiển thị."])
def test_words_judged_where_they_stand_are_never_written(text: str) -> None:
    [f] = check_text(text)
    assert f.kind == f.rule == "context" and not f.fixable
    assert apply_fixes(text, [f]) == text


def test_the_icelandic_eth_is_a_unicode_fix_in_vietnamese_words() -> None:
    import glossary

    text = "Ðiều này, ðó là. Ðươc, với með và Guðrún."
    assert glossary.normalize(text) == "Điều này, đó là. Ðươc, với með và Guðrún."
    assert [e.kind for e in glossary.normalize_and_explain("Ðiều").edits] == ["unicode"]
    got = check_text(text)
    assert [(f.kind, f.before, f.suggestions[0], f.fixable) for f in got] == [
        ("unicode", "Ðiều", "Điều", True), ("unicode", "ðó", "đó", True), ("non-word", "Ðươc", "Được", False)]
    assert apply_fixes(text, got) == "Điều này, đó là. Ðươc, với með và Guðrún."


def test_a_tone_typed_before_the_vowel_mark_is_rebuilt() -> None:
    import glossary

    text = "Tie\u0301\u0302ng vie\u0300\u0302n"  # acute or grave, then circumflex: NFC leaves é + ̂
    assert glossary.normalize(text) == "Tiếng viền"
    got = check_text(text)
    assert [(f.kind, f.rule, f.suggestions, f.fixable) for f in got] == [
        ("unicode", "mark-order", ("Tiếng",), True), ("unicode", "mark-order", ("viền",), True)]
    assert check_text("Vie\u0323\u0302t Nam, tie\u0302\u0301ng") == []  # canonical NFD is just NFD


def test_letters_on_both_sides_of_a_slash_are_words() -> None:
    assert ("non-word", "hoăc", "hoặc") in found("Chọn và/hoăc bỏ chọn ô.")
    assert found("Xem http://vi.wikipedia.org/wiki/hoăc để biết thêm.") == []


def test_a_real_syllable_beside_a_slash_is_judged_with_the_slash_a_break() -> None:
    assert ("context", "Bạt", "Bật") in found("Bạt/tắt gợi ý")
    assert ("context", "trãi", "trái") in found("Khoảng cách giữa lề bên trãi/phải và đoạn văn.")
    assert found("Bật/tắt gợi ý") == []
    assert found("Chọn và/hoặc bỏ chọn ô.") == []
    assert found("Mở thư mục usr/cac trên máy.") == []  # a run of ASCII around a slash: a path


@pytest.mark.parametrize("scraped", [
    lambda t: t.replace(" ", "\u00a0"),  # no-break spaces
    lambda t: t.replace(" ", "\u200b "),  # a zero-width space before every space
    lambda t: t.replace(" ", " \u200b"),  # ... and after
    lambda t: t.replace(". ", ".\r\n"),  # CRLF line ends
    lambda t: t.replace(" ", "\u2009"),  # thin spaces (and any other Unicode space)
    lambda t: t.replace(" ", "\u3000"),
    lambda t: "\ufeff" + t.replace(" ", "\u2060 "),  # a byte-order mark, word joiners
    lambda t: t.replace("dung", "du\u00adng").replace("tụ", "t\u00adụ"),  # soft hyphens inside words
], ids=["nbsp", "zwsp-before", "zwsp-after", "crlf", "thin", "ideographic", "bom-wj", "soft-hyphen"])
def test_context_reads_text_as_scraped_as_it_reads_clean_text(scraped: Callable[[str], str]) -> None:
    clean = "Bạn có thể dừng lại hoặc tụ mình thực hiện. Áp dung bộ lọc cho bảng."
    want = [(f.before, f.kind, f.suggestions[0]) for f in check_text(clean)]
    assert [w for w, _, _ in want] == ["tụ", "dung"]
    text = scraped(clean)
    got = check_text(text)
    assert [(f.before.replace("\u00ad", ""), f.kind, f.suggestions[0]) for f in got] == want
    assert all(text[f.start : f.end] == f.before for f in got)  # offsets into the text as given


@pytest.mark.parametrize("end", ["\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"],
                         ids=["cr", "vt", "ff", "fs", "nel", "ls", "ps"])
def test_every_line_break_ends_a_line_as_a_newline_does(end: str) -> None:
    # an old Mac file's lone CR, a form feed, a Unicode line separator: the words on either
    # side are not neighbours, to the words context judges and to its judgement alike
    lines = ["Tùy chọn", "Cac tập tin đã chọn", "Nhấn nút", "Chon tệp", "Khi nào nên", "dung công thức mảng?",
             "Bạn có thể áp dung bộ lọc cho cột này."]
    want = [(f.start, f.before, f.suggestions) for f in check_text("\n".join(lines))]
    assert [w for _, w, _ in want] == ["Cac", "Chon", "dung"]
    assert [(f.start, f.before, f.suggestions) for f in check_text(end.join(lines))] == want


def test_a_long_line_is_checked_as_its_sentences_are_one_a_line() -> None:
    # minified or scraped text: one line of many sentences, each with its slip, and a
    # phrase the glossary spells (Ban Tổ chức) among them
    sentences = ["Bạn có thể áp dung bộ lọc cho cột này.", "Ban Tổ chức đã họp.", "Cập nhất phần mềm mới nhất.",
                 "Bạn có thể dừng lại hoặc tụ mình thực hiện."]
    lines = [sentences[i % len(sentences)] for i in range(200)]
    per_line = [(f.before, f.suggestions[0]) for f in check_text("\n".join(lines))]
    text = " ".join(lines)
    got = check_text(text)
    assert [(f.before, f.suggestions[0]) for f in got] == per_line and len(got) == 150
    assert all(text[f.start : f.end] == f.before for f in got)


def test_lines_judged_a_few_at_a_time_find_what_all_at_once_find(monkeypatch: pytest.MonkeyPatch) -> None:
    # context reads a long text a thousand lines at a time: a slip on either side of a
    # boundary is found alike
    from glossary import nonword

    lines = ["Bạn có thể áp dung bộ lọc cho cột này.", "Chọn tệp của bạn rồi nhấn Lưu.", "Lưu tệp của bản.",
             "Nhấn vào nút để mở hộp thoại Tùy chọn.", "Cập nhất phần mềm mới nhất."]
    text = "\n".join(lines[i % len(lines)] for i in range(23))
    monkeypatch.setattr(nonword, "_SPOT_LINES", 10**9)
    whole = check_text(text)
    assert len(whole) == 9 and {f.before for f in whole} == {"dung", "nhất"}
    for size in (1, 2, 3, 7):
        monkeypatch.setattr(nonword, "_SPOT_LINES", size)
        assert check_text(text) == whole, size
