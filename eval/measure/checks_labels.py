"""Hand judgements of the ``numbers`` check on the published opus-mt-id-en outputs for
FLORES devtest (``../shared/data/system-outputs``), by line (from 1): (a real number
error?, why). A real error is the issue's: a source number whose value the reference
keeps and the output lacks or changes.

Judged: every line the check flags, and every line it does not flag whose digits differ
from the reference's (the lines where a missed error would most likely hide). Lines with
no digit difference were not read. Only line numbers and judgements: no data.
"""

from __future__ import annotations

FLAGGED = "flagged"
UNFLAGGED = "unflagged"

NUMBERS_JUDGED: dict[int, tuple[bool, str]] = {
    # Flagged by the check.
    24: (True, "second sentence, with '26 nominations', dropped"),
    121: (True, "'ke-1000' became '10,000th'"),
    125: (True, "'12.00 GMT' (noon) became '12:00 a.m.' (midnight)"),
    135: (False, "'23.00' kept as '2300' (military time), value right"),
    184: (True, "'(15 mil)' and '(40 mil)' dropped, '65 km' became '65 miles'"),
    405: (True, "'29 3/4 inches' became 'twenty-three-quarters'"),
    427: (True, "'1894' became '189'"),
    493: (True, "'abad ke 10-11' lost the 11th century"),
    572: (True, "sentence with '10 Agustus' dropped"),
    736: (True, "'3.850 km2' became '1,850 km'"),
    813: (True, "sentence with the dates '24 Agustus hingga 5 September 2021' dropped"),
    # Not flagged, digits differ from the reference's: read for a missed error.
    34: (False, "'20' kept; the reference spells 'twenty'"),
    68: (False, "'7' kept as 'seven'"),
    84: (False, "'20' kept (twice)"),
    110: (False, "'152' kept; the reference converts to 500 feet"),
    159: (False, "'100 to 250' kept; the reference adds feet"),
    182: (False, "'20.08' kept"),
    204: (False, "'ke-24' kept as '24th'"),
    215: (False, "'1089' kept (the source's typo); the reference has 1989"),
    231: (False, "'20.30' and '22.00' kept"),
    245: (False, "'3' kept as 'three'"),
    256: (False, "'8' and '30' kept"),
    307: (False, "'07.19' kept as '0719', '21.19' kept"),
    364: (False, "'30' kept"),
    367: (False, "'5' kept"),
    430: (False, "'1976' and '30' kept"),
    450: (False, "'4' kept as 'four'"),
    480: (False, "'1000' and '1300' kept inside mojibake"),
    526: (False, "'ke-20' kept as '20th'"),
    545: (False, "'ke-2' kept as 'II'"),
    626: (False, "'8x' kept as 'eight times'"),
    627: (False, "'9,6' kept; the output adds a wrong 'nine miles' (not a source number)"),
    628: (False, "'20' kept as 'Twenty'"),
    743: (False, "'378' kept, but the output adds a wrong '[178 m]' beside it"),
    750: (False, "'1537' kept"),
    909: (False, "'4892' kept ('feet' for metres: a unit error, not a number)"),
}
