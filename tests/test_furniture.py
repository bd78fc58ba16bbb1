"""News furniture (core.furniture): a hand-made table from the seeds and real-world
patterns for each role, datelines, and the roles of whole seed articles."""

from __future__ import annotations

import pytest

from kabar.core.furniture import (
    BODY,
    BYLINE,
    CAPTION,
    DATELINE,
    HEADLINE,
    PROMO,
    READ_ALSO,
    SHARE,
    dateline_length,
    is_page_chrome,
    sentence_role,
    sentence_roles,
    strip_dateline,
)
from kabar.core.splitter import segment
from tests.conftest import seed_files

# (sentence, role) as judged on the sentence alone. Seeds are marked "seed NNN"; the rest
# are patterns from Indonesian and English news pages (IndoSum, Kompas, Detik, Daily Mail).
ROLE_TABLE = [
    ("Bagikan:", SHARE),  # seed 002
    ("Share this article", SHARE),
    ("Bagikan: Facebook Twitter WhatsApp", SHARE),
    ("Baca juga: Zelensky Berterima Kasih ke Trump atas Tekad Akhiri Perang", READ_ALSO),  # 004
    ("BACA JUGA : Cerita Yoyo , Pelatih Asal Indonesia yang Latih Klub Liga China", READ_ALSO),
    ("SIMAK JUGA - Persib Pastikan Incar Cole", READ_ALSO),
    ("[ Baca Juga : Makeup Neon dengan Warna Terang Jadi Tren Baru ]", READ_ALSO),
    ("Read more: The NATO summit in numbers", READ_ALSO),
    ("Foto: AFP", CAPTION),  # seed 001
    ("(Wikimedia Commons/Mueller MSC)", CAPTION),  # seed 002
    ("Tesla ( Foto : Tesla )", CAPTION),
    ("Presiden Joko Widodo di Istana Bogor. (ANTARA FOTO/Sigid Kurniawan)", CAPTION),
    ("Scroll down for video", CAPTION),
    ("(*)", BYLINE),  # seed 000
    ("( wis / djm )", BYLINE),
    ("Penulis: Ahmad Naufal Dzulfaroh", BYLINE),
    ("Editor : Sandro Gatra", BYLINE),
    ("By Daily Mail Reporter", BYLINE),
    ("Ikuti terus update terkini dan notifikasi penting di Aplikasi Kompas.com.", PROMO),  # 004
    ("Download di sini", PROMO),  # seed 004
    (
        "Di saat situasi tidak menentu, Kompas.com tetap berkomitmen memberikan fakta jernih "
        "dari lapangan.",
        PROMO,
    ),  # seed 004
    ("Dapatkan update berita pilihan setiap hari dari Kompas.com.", PROMO),
    ("Gabung di saluran WhatsApp kami untuk berita terbaru.", PROMO),
    ("Merdeka.com -", DATELINE),
    # Body text that looks a little like furniture.
    ("Sumber tersebut mencatat, NATO sedang dalam pembicaraan dengan Rusia.", BODY),  # 002
    ("Berikut rangkuman kumparan ( kumparan.com ) seperti yang dikutip dari Her World .", BODY),
    ("Namun , pertemuan dibatalkan dan diundur hingga Rabu ( 20 / 12 ) .", BODY),
    (
        "Merdeka.com - Pemerintah Kota Bekasi dihebohkan dengan nama jalan di aplikasi "
        "Google maps .",
        BODY,
    ),
    ("“Kami ikuti aturan yang berlaku,” kata dia.", BODY),
    ("Baca buku itu membuat dia tertarik pada politik.", BODY),
]


@pytest.mark.parametrize(("sentence", "role"), ROLE_TABLE)
def test_sentence_role_table(sentence: str, role: str) -> None:
    assert sentence_role(sentence) == role


DATELINES = [
    ("BRUSSELS, KOMPAS.com – Presiden Ukraina Volodymyr Zelensky", "BRUSSELS, KOMPAS.com –"),
    ("Brussels, Sinata.id – Sekretaris Jenderal NATO", "Brussels, Sinata.id –"),  # seed 000
    ("JAKARTA - Sekretaris Jenderal NATO", "JAKARTA -"),  # seed 002
    ("BRUSSELS -- Sekretaris Jenderal NATO", "BRUSSELS --"),  # seed 003
    ("Jakarta , CNN Indonesia - - Kepergian personel SHINee", "Jakarta , CNN Indonesia - -"),
    ("Jakarta ( ANTARA News ) - Snap Inc mengatakan", "Jakarta ( ANTARA News ) -"),
    ("JAKARTA ( Pos Kota ) –Ketua Dewan Perwakilan", "JAKARTA ( Pos Kota ) –"),
    ("LONDON (Reuters) - Britain said", "LONDON (Reuters) -"),
    ("Jakarta - Presiden Joko Widodo", "Jakarta -"),
    # Not datelines: a headline with a dash, compounds in tokenized text, plain prose.
    ("Sekjen NATO Bakal Gelar Pertemuan Rusia - Dewan NATO pada 12 Januari", ""),
    ("Pop - up ad , alias iklan yang tiba-tiba muncul", ""),
    ("Paris Saint - Germain menang 2 - 0", ""),
    ("Belum lama ini GO - JEK meluncurkan fitur baru", ""),
    ("Presiden Joko Widodo melakukan pertemuan", ""),
]


@pytest.mark.parametrize(("sentence", "dateline"), DATELINES)
def test_dateline(sentence: str, dateline: str) -> None:
    cut = dateline_length(sentence)
    assert sentence[:cut].strip() == dateline
    if dateline:
        assert strip_dateline(sentence) == sentence[cut:] and strip_dateline(sentence)[0].isupper()
    else:
        assert strip_dateline(sentence) == sentence


def _roles_of(text: str) -> list[tuple[str, str, str]]:
    sentences, paragraphs = [], []
    for number, paragraph in enumerate(segment(text)):
        for span in paragraph.sentences:
            sentences.append(text[span.start : span.end])
            paragraphs.append(number)
    roles = sentence_roles(sentences, paragraphs=paragraphs)
    return [(s, r.role, r.dateline) for s, r in zip(sentences, roles, strict=True)]


def test_seed_001_headline_twice_and_photo_credit() -> None:
    rows = _roles_of(seed_files()[1].read_text("utf-8"))
    assert [role for _, role, _ in rows[:4]] == [HEADLINE, BODY, HEADLINE, CAPTION]
    assert all(role == BODY for _, role, _ in rows[4:])


def test_seed_002_headline_caption_share_then_dateline() -> None:
    rows = _roles_of(seed_files()[2].read_text("utf-8"))
    assert [role for _, role, _ in rows[:5]] == [HEADLINE, CAPTION, CAPTION, SHARE, BODY]
    assert rows[4][2] == "JAKARTA -"
    # The 30-word sentence missing its final period is body, not a headline.
    tass = next(row for row in rows if row[0].endswith("seperti dilansir dari TASS"))
    assert tass[1] == BODY


def test_seed_004_read_also_and_promo() -> None:
    rows = _roles_of(seed_files()[4].read_text("utf-8"))
    assert rows[0][2] == "BRUSSELS, KOMPAS.com –"
    assert [role for _, role, _ in rows].count(READ_ALSO) == 3
    assert [role for _, role, _ in rows[-3:]] == [PROMO, PROMO, PROMO]


def test_only_the_first_body_sentence_gets_a_dateline() -> None:
    roles = sentence_roles(["JAKARTA - Satu dua tiga.", "BANDUNG - Empat lima enam."])
    assert [r.dateline for r in roles] == ["JAKARTA -", ""]


def test_paragraph_numbers_must_match() -> None:
    with pytest.raises(ValueError):
        sentence_roles(["A.", "B."], paragraphs=[0])


# --- Lead sentences of eight outlets, written in each one's house style ------------------
# (sentence, dateline): a lead ending in a bracketed date or time is body and keeps its
# dateline; "(4/12/2025)" used to be read as editors' initials, the lead as a headline.
LEADS = [
    (
        "JAKARTA, KOMPAS.com - Presiden meresmikan Bendungan Mbay di Nagekeo, Kamis (4/12/2025).",
        "JAKARTA, KOMPAS.com -",
    ),
    (
        "Jakarta - Banjir merendam 12 RT di Jakarta Timur, Jumat (28/1/2022) pukul 10.00 WIB.",
        "Jakarta -",
    ),
    (
        "TEMPO.CO, Jakarta - Nilai ekspor kopi naik 18 persen menurut data yang dirilis "
        "Rabu (15/10/2025).",
        "TEMPO.CO, Jakarta -",
    ),
    (
        "Sleman (ANTARA) - Dinas Kesehatan Sleman menggelar vaksinasi campak di 25 "
        "puskesmas, Senin (3/3).",
        "Sleman (ANTARA) -",
    ),
    (
        "Jakarta, CNN Indonesia -- Gempa bermagnitudo 5,6 mengguncang Halmahera Barat, "
        "Jumat (7/11) malam.",
        "Jakarta, CNN Indonesia --",
    ),
    (
        "Liputan6.com, Jakarta - Kementerian membuka pendaftaran beasiswa mulai Senin (11/8/2025).",
        "Liputan6.com, Jakarta -",
    ),
    (
        "REPUBLIKA.CO.ID, JAKARTA -- Kementerian Agama menetapkan awal Ramadhan jatuh pada "
        "Sabtu (1/3/2025).",
        "REPUBLIKA.CO.ID, JAKARTA --",
    ),
    (
        "TRIBUNNEWS.COM, BEKASI - Polisi menangkap dua tersangka pencurian sepeda motor, "
        "Minggu (12/10/2025) pukul 02.30 WIB.",
        "TRIBUNNEWS.COM, BEKASI -",
    ),
]


@pytest.mark.parametrize(("lead", "dateline"), LEADS, ids=[d.split(",")[0] for _, d in LEADS])
def test_a_lead_ending_in_a_bracketed_date_is_body_with_its_dateline(
    lead: str, dateline: str
) -> None:
    headline = "Presiden Resmikan Bendungan Mbay di Nagekeo"
    roles = sentence_roles([headline, lead, "Kalimat kedua berita ini.", "(ara/ara)"])
    assert [r.role for r in roles] == [HEADLINE, BODY, BODY, BYLINE]
    assert roles[1].dateline == dateline
    assert sentence_role(lead) == BODY


@pytest.mark.parametrize("initials", ["(ara/ara)", "(*)", "( mdk / tsr )", "(nvl)."])
def test_editors_initials_are_still_a_byline(initials: str) -> None:
    assert sentence_role(initials) == BYLINE
    closing = sentence_roles(["Jakarta - Presiden tiba di Bogor.", f"Dia pulang. {initials}"])
    assert [r.role for r in closing] == [BODY, BODY]


BANNERS = [
    "Kami menggunakan cookie untuk meningkatkan pengalaman Anda.",
    "Situs ini menggunakan cookie. Dengan terus menggunakan situs ini, Anda menyetujui "
    "penggunaan cookie.",
    "Dengan melanjutkan, Anda menyetujui Kebijakan Privasi kami.",
    "We use cookies to improve your experience.",
    "By continuing to browse this site you agree to our use of cookies.",
    "Berlangganan Tempo Digital mulai Rp 40 ribu per bulan.",
    "Aktifkan notifikasi untuk mendapatkan berita terbaru dari Liputan6.com",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Accept all cookies",
]


@pytest.mark.parametrize("banner", BANNERS)
def test_a_consent_or_subscription_banner_is_furniture(banner: str) -> None:
    roles = sentence_roles(
        [banner, "JAKARTA, KOMPAS.com - Presiden tiba di Bogor, Kamis (4/12/2025)."]
    )
    assert roles[0].is_furniture and not roles[1].is_furniture
    assert roles[1].dateline == "JAKARTA, KOMPAS.com -"


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT",
        "Advertisement",
        "IKLAN",
        "SCROLL TO CONTINUE WITH CONTENT",
        "COPYRIGHT © ANTARA 2025",
        "Copyright @ 2025 detikcom",
        "© 2025 Kompas.com. All rights reserved.",
        "Hak Cipta Dilindungi Undang-Undang",
    ],
)
def test_an_ad_label_or_copyright_notice_is_page_chrome_never_a_headline(line: str) -> None:
    # "ADVERTISEMENT" above detik's ads was read as a headline (short, unpunctuated).
    roles = sentence_roles([line, "Jakarta - Banjir merendam 12 RT di Jakarta Timur."])
    assert is_page_chrome(line)
    assert roles[0].role == PROMO and roles[1].role == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Hak cipta lagu itu dimiliki oleh label rekaman.",
        "Copyright adalah hak eksklusif pencipta.",
        "Advertisement spending rose 12% in Jakarta last year.",
        "Iklan rokok dilarang tayang pada jam anak-anak menonton televisi.",
    ],
)
def test_a_story_sentence_about_copyright_or_ads_is_not_page_chrome(line: str) -> None:
    assert not is_page_chrome(line)
    assert sentence_roles([line])[0].role == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Ingin mendapatkan notifikasi berita terbaru dari Okezone? Klik izinkan untuk "
        "berlangganan.",
        "Tulis komentar Anda, gunakan bahasa yang sopan. Masuk untuk berkomentar.",
        "Kami menggunakan cookie untuk meningkatkan pengalaman Anda di VIVA.co.id.",
    ],
)
def test_a_consent_notification_or_comment_banner_is_left_out_of_a_page(line: str) -> None:
    assert is_page_chrome(line)
    assert {role for _, role, _ in _roles_of(line)} == {PROMO}


@pytest.mark.parametrize(
    "line",
    [
        "Warga mendapatkan notifikasi peringatan dini tsunami melalui ponsel mereka.",
        "Presiden meminta warga tidak menuliskan komentar kebencian di media sosial.",
        "Dengan melanjutkan pembangunan, DPR menyetujui anggaran tambahan.",
    ],
)
def test_a_story_sentence_near_a_banner_pattern_is_never_left_out(line: str) -> None:
    assert not is_page_chrome(line)


def test_an_outlets_sign_up_call_is_promo_never_briefed() -> None:
    line = (
        "Dapatkan berita up to date dengan semua berita terkini dari Okezone hanya dengan "
        "satu akun di ORION, daftar sekarang dengan klik disini dan nantikan kejutan menarik."
    )
    assert sentence_role(line) == PROMO


def test_editors_initials_in_square_brackets_close_a_story_as_a_byline() -> None:
    # merdeka closes with "[rzp]"; it was taken for a headline.
    roles = _roles_of("Jakarta - Harga cabai naik di pasar.\n\n[rzp]")
    assert [role for _, role, _ in roles] == [BODY, BYLINE]
    assert sentence_role("[1] Data BPS.") == BODY  # a numbered note is not initials


def test_an_outlets_appeal_to_the_reader_is_promo() -> None:
    assert sentence_role("Yuk koleksi buku bacaan berkualitas dari buku Republika ...") == PROMO
    assert sentence_role("Yuk, simak penjelasan lengkapnya berikut ini.") == BODY


def test_a_banners_other_sentences_are_the_banner_too() -> None:
    # viva's privacy pop-up: its second sentence was body, the first line of a whole
    # page's brief.
    roles = _roles_of(
        "Kami menggunakan cookie untuk meningkatkan pengalaman Anda di VIVA.co.id. Baca "
        "Kebijakan Privasi kami untuk informasi lebih lanjut.\n\n"
        "Jakarta, VIVA – Koperasi penenun mengirim 1.200 lembar kain ke Jepang."
    )
    assert [role for _, role, _ in roles] == [PROMO, PROMO, BODY]
    assert roles[2][2] == "Jakarta, VIVA –"


def test_a_lead_after_a_caption_the_rules_cannot_tell_keeps_its_dateline() -> None:
    roles = _roles_of(
        "Penenun menyelesaikan kain tenun ikat di sanggar koperasi.\n\n"
        "Jakarta, VIVA – Koperasi penenun mengirim 1.200 lembar kain ke Jepang.\n\n"
        "BANDUNG - Empat lima enam."
    )
    assert [dateline for _, _, dateline in roles] == ["", "Jakarta, VIVA –", ""]


def test_an_outlet_saying_it_uses_cookies_is_a_banner() -> None:
    line = "Republika.co.id menggunakan cookie untuk analisis dan personalisasi iklan."
    assert sentence_role(line) == PROMO and is_page_chrome(line)


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Scroll untuk melanjutkan membaca", PROMO),
        ("Konten Sponsor", PROMO),
        ("[Gambas:Video 20detik]", PROMO),
        ('Simak Video "Banjir Rendam 12 RT di Jakarta Timur":', READ_ALSO),
        (
            "Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran "
            "andalanmu akses berita Kompas.com WhatsApp Channel : https://www.whatsapp.com/x",
            PROMO,
        ),
    ],
)
def test_indonesian_ad_labels_video_titles_and_channel_calls_are_furniture(
    line: str, role: str
) -> None:
    # Read from a detik-style page as headlines ("Scroll untuk melanjutkan membaca",
    # "Konten Sponsor", the video's title) and, kompas's WhatsApp call, as body.
    assert {r for _, r, _ in _roles_of(line)} == {role}
    assert is_page_chrome(line) == (
        line in ("Scroll untuk melanjutkan membaca", "Konten Sponsor", "[Gambas:Video 20detik]")
    )
