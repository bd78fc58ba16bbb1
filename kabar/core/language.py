"""Is an article Indonesian, English, Malay, Javanese or none of these? Decided by
counting each language's function words.

Function words ("yang", "dan", "di" / "the", "and", "of") make up a third of running text
in either language and almost never occur in the other, so their counts separate the two
on a single sentence and are not fooled by shared names, numbers or loanwords. Javanese
has function words of its own ("lan", "ing", "kang", "ora") and is told the same way.
Malay shares Indonesian's function words; it is told by the words the two spell or say
differently ("bahawa" / "bahwa", "kerana" / "karena", "sahaja" / "saja"): a text whose
Malay forms outnumber its Indonesian ones is Malay. A Malay sentence with neither (many
are) is taken for Indonesian: the measured share is in docs/web-pages.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

INDONESIAN = "id"
ENGLISH = "en"
MALAY = "ms"
JAVANESE = "jv"
OTHER = "other"
NAMES = {
    INDONESIAN: "Indonesian",
    ENGLISH: "English",
    MALAY: "Malay",
    JAVANESE: "Javanese",
    OTHER: "neither Indonesian nor English",
}
# Running text of this many words without a single function word of Indonesian, English
# or Javanese is another language (German, Sundanese, ...); a shorter run may be a list of
# names or a headline.
_WORDS_OF_OTHER = 8

_WORD = re.compile(r"[^\W\d_]+")
_INDONESIAN = frozenset(
    """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga atau
    oleh karena sebagai bahwa ada telah sudah saat bisa dapat lebih para ia dia mereka
    kami kita saya tersebut seperti menjadi namun tetapi jika setelah hingga sejak kata
    ujar belum sangat secara kepada terhadap sementara selain bahkan tentang menurut
    mengatakan agar serta masih harus lalu pun nya""".split()
)
_ENGLISH = frozenset(
    """the and of to in is that was for on with as are by at from it his her has have had
    be been were which who this their an will would said after not but they he she its
    or about than more into also over when there what while""".split()
)
# Javanese function words (ngoko and krama) that are not Indonesian words. Left out as
# Indonesian too: bisa, bakal, supaya, tanpa, lagi; as Indonesian words or names: kaya
# (rich), banget (colloquial "very"), ya, wis. None occurs in the FLORES Indonesian lines;
# "lan", "ora", "dadi" and "saking" occur once to thrice in the 500 IndoSum articles.
_JAVANESE = frozenset(
    """lan ing sing ora iku karo marang kanggo saka utawa kang dening menyang dheweke wus
    arep iki kuwi yaiku kudu duwe uga ana kabeh padha amarga nanging sajroning kanthi
    kasebut minangka manawa menawa dadi isih durung nalika saben sawise ngenani ingkang
    saha punika menika wonten boten mboten dados kaliyan dhateng saking kangge utawi
    sampun badhe ugi""".split()
)
# Malay forms of words Indonesian spells or says otherwise, and (below) those Indonesian
# forms: general Malay-Indonesian differences. Some (sebarang, sesiapa, ianya, jua,
# hendaklah, antarabangsa, perlembagaan) were noticed in the UDHR Malay text kabar is
# measured on, so its Malay figures are not from unseen text. Left out as Indonesian too:
# tiada ("telah tiada"), cukai ("bea cukai"), boleh, bagi, daripada, ialah, and selepas,
# semasa, pelbagai (ten IndoSum sentences use them); as names or other words in
# Indonesian news: wang, mac, jun, polisi (police), kereta, lelaki, maklumat.
_MALAY = frozenset(
    """bahawa kerana sahaja iaitu mahu sebarang menerusi manakala baharu
    hendaklah sesiapa ianya jua antarabangsa peratus kenderaan
    syarikat jenayah kesihatan bahagian perlembagaan setiausaha mesyuarat
    kakitangan bilion nombor cuba fikir kanak ubat akhbar isnin khamis jumaat julai
    ogos disember universiti kualiti aktiviti komuniti identiti kapasiti prioriti
    fasiliti integriti realiti majoriti minoriti""".split()
)
# Not counted as Indonesian forms, being Malay too: melalui, baru, kalau, setelah.
_INDONESIAN_FORMS = frozenset(
    """bahwa karena saja yaitu mau berbagai sembarang hendaknya saat bisa ujar
    internasional persen kendaraan perusahaan kejahatan kesehatan bagian konstitusi
    sekretaris rapat karyawan miliar nomor coba pikir obat koran
    senin kamis jumat juli agustus desember universitas kualitas aktivitas komunitas
    identitas kapasitas prioritas fasilitas integritas realitas mayoritas
    minoritas""".split()
)


@dataclass(frozen=True)
class LanguageGuess:
    """The language found, and the evidence: function-word hits of Indonesian, English
    and Javanese, and the Malay and Indonesian forms of words the two spell apart."""

    code: str
    indonesian_words: int
    english_words: int
    javanese_words: int = 0
    malay_forms: int = 0
    indonesian_forms: int = 0

    @property
    def name(self) -> str:
        return NAMES[self.code]


def detect_language(sentences: Sequence[str]) -> LanguageGuess:
    """Indonesian or English, whichever language's function words are more frequent;
    Javanese when its function words outnumber both; Malay when Indonesian's win and the
    text has more Malay than Indonesian forms of the words the two spell apart.

    No function word of any in ``_WORDS_OF_OTHER`` words or more is another language
    (``OTHER``); any other tie (a list of names) counts as English, kabar's output
    language: the English path is the one that works on any text, and ``OTHER``,
    ``MALAY`` and ``JAVANESE`` take it too.
    """
    indonesian = english = javanese = malay = indonesian_forms = words = 0
    for sentence in sentences:
        for word in _WORD.findall(sentence.lower()):
            words += 1
            indonesian += word in _INDONESIAN
            english += word in _ENGLISH
            javanese += word in _JAVANESE
            malay += word in _MALAY
            indonesian_forms += word in _INDONESIAN_FORMS
    evidence = (indonesian, english, javanese, malay, indonesian_forms)
    if javanese > max(indonesian, english):
        return LanguageGuess(JAVANESE, *evidence)
    if indonesian == english == javanese == 0 and words >= _WORDS_OF_OTHER:
        return LanguageGuess(OTHER, *evidence)
    if indonesian <= english:
        return LanguageGuess(ENGLISH, *evidence)
    return LanguageGuess(MALAY if malay > indonesian_forms else INDONESIAN, *evidence)


def is_other_language(text: str) -> bool:
    """Whether ``text`` is evidently not Indonesian: English function words outnumber
    Indonesian ones, Javanese ones outnumber both, Malay forms outnumber Indonesian ones,
    or a long run has no function word. A short text without any (a headline, a list of
    names) gets the benefit of the doubt."""
    guess = detect_language([text])
    if guess.code == ENGLISH:
        return guess.english_words > 0
    return guess.code != INDONESIAN
