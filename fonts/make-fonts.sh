#!/bin/sh
# Rebuilds the files of fonts/ from the Debian packages fonts-nanum (20200506-1),
# fonts-naver-d2coding (1.3.2-2) and fonts-noto-cjk (1:20220127+repack1-1).
# Needs fontTools 4.68 (pyftsubset). Run from fonts/:  PY=/path/to/python sh make-fonts.sh
set -eu
PY=${PY:-python3}
NANUM=/usr/share/fonts/truetype/nanum
D2=/usr/share/fonts/truetype/naver-d2coding/D2Coding-Ver1.3.2-20180524-all.ttc
NOTO=/usr/share/fonts/opentype/noto

# 1. Primaries: Nanum files copied byte for byte (unmodified, so the Reserved Font Names stay valid).
cp "$NANUM/NanumMyeongjo.ttf" "$NANUM/NanumMyeongjoBold.ttf" .

# 2. D2Coding: faces 0 (Regular) and 1 (Bold) taken out of the collection; tables copied as they are.
"$PY" - "$D2" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
for i, name in [(0, "D2Coding-Regular.ttf"), (1, "D2Coding-Bold.ttf")]:
    TTFont(sys.argv[1], fontNumber=i, lazy=True, recalcBBoxes=False, recalcTimestamp=False).save(name)
PYEOF

# 3. Fallback faces cut out of Noto Serif/Sans CJK KR (face 1 of each TTC).
#    KS X 1001 Hanja = every EUC-KR code point in rows 0xCA..0xFD (4,888 characters).
HANJA=$("$PY" -c "
s=[]
for a in range(0xCA,0xFE):
    for b in range(0xA1,0xFF):
        try: s.append(ord(bytes([a,b]).decode('euc-kr')))
        except UnicodeDecodeError: pass
print(','.join('U+%04X' % c for c in s))")
JAMO="U+1100-11FF,U+3130-318F,U+A960-A97F,U+D7B0-D7FF,U+302E-302F,U+25CC"
COMMON="U+0020-007E,U+00A0-017F,U+2000-206F,U+2100-218F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2600-26FF,U+3000-303F,U+3200-32FF,U+FF00-FFEF,U+FFFD"
SMALL="U+0020-007E,U+00A0-017F,U+2000-206F,U+3000-303F,U+FFFD"
for W in Regular Bold; do
  # Serif fallback: Hanja, Latin, symbols; no jamo (those are in the jamo face, kept whole in EPUBs).
  "$PY" -m fontTools.subset "$NOTO/NotoSerifCJK-$W.ttc" --font-number=1 \
    --unicodes="$COMMON,$HANJA" \
    --layout-features='kern' --layout-scripts='DFLT,latn,hani' \
    --notdef-outline --output-file="NotoSerifCJKkr-Fallback-$W.otf"
  # Serif jamo: old-Hangul jamo with the GSUB that composes them (ljmo/vjmo/tjmo, ccmp).
  "$PY" -m fontTools.subset "$NOTO/NotoSerifCJK-$W.ttc" --font-number=1 \
    --unicodes="$JAMO" \
    --layout-features='ccmp,ljmo,vjmo,tjmo' --layout-scripts='hang,DFLT' \
    --notdef-outline --output-file="NotoSerifCJKkr-Jamo-$W.otf"
  # Sans headings: every Hangul syllable, compatibility jamo, Latin and punctuation (no Hanja:
  # the serif fallback has them). NanumSquare was dropped: it maps 8,693 syllables to empty glyphs.
  "$PY" -m fontTools.subset "$NOTO/NotoSansCJK-$W.ttc" --font-number=1 \
    --unicodes="U+AC00-D7A3,$SMALL,U+3130-318F,U+FF00-FFEF" \
    --layout-features='kern' --layout-scripts='hang,DFLT,latn' \
    --notdef-outline --output-file="NotoSansCJKkr-Hangul-$W.otf"
  "$PY" -m fontTools.subset "$NOTO/NotoSansCJK-$W.ttc" --font-number=1 \
    --unicodes="$JAMO,$SMALL" \
    --layout-features='ccmp,ljmo,vjmo,tjmo,kern' --layout-scripts='hang,DFLT,latn' \
    --notdef-outline --output-file="NotoSansCJKkr-Jamo-$W.otf"
done

# 4. Latin text serif paired with Nanum Myeongjo: Source Serif 4 (4.005) as the Rust toolchain
#    ships it for rustdoc (rustup's share/doc/rust/html/static.files, Latin + Greek, 920 code
#    points). WOFF2 decompressed to TrueType; outlines, metrics and layout tables unchanged. The
#    names are changed to "Hanji Latin Serif": Adobe reserves the name "Source" and hanji's
#    writers subset the face (a modified version under the OFL). The em is made 921 units
#    instead of 1000: every glyph 8.6 % larger at the same point size, bringing the x-height
#    from 0.475 to 0.516 em — the x-height Adobe gave this Latin design inside Source Han Serif
#    (Noto Serif CJK) to sit with its Hangul. Scaling the em, not the point size, keeps Latin
#    and Hangul at one font size in the PDF (text extractors split words where the size changes).
RUSTDOC=${RUSTDOC:-$(rustc --print sysroot)/share/doc/rust/html/static.files}
"$PY" - "$RUSTDOC" <<'PYEOF'
import glob, sys
from fontTools.ttLib import TTFont
for style, out in [("Regular", "Regular"), ("Bold", "Bold")]:
    (src,) = glob.glob(f"{sys.argv[1]}/SourceSerif4-{style}-*.ttf.woff2")
    font = TTFont(src, recalcBBoxes=False, recalcTimestamp=False)
    font.flavor = None
    family, sub = "Hanji Latin Serif", out
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=rec.nameID)
    ps = f"HanjiLatinSerif-{sub}"
    for nid, value in [(1, family), (2, sub), (3, f"hanji;{ps}"), (4, f"{family} {sub}".replace(" Regular", "")), (6, ps)]:
        names.setName(value, nid, 3, 1, 0x409)
    font["head"].unitsPerEm = 921
    font.save(f"HanjiLatinSerif-{out}.ttf")
PYEOF
