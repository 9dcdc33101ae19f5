#!/usr/bin/env bash
# Makes sure the system packages the test suite needs (and npm does not bring) are present:
#   postgresql          → /usr/lib/postgresql/*/bin/initdb   (integration tests on a real server)
#   chromium            → /usr/bin/chromium                  (browser tests via playwright-core)
#   fonts-wqy-microhei  → a CJK font, so Chinese renders in screenshots
#   poppler-utils       → pdftotext, pdfinfo, pdftoppm, pdfsig (PDF tests; pdfsig checks the PAdES signatures)
#   qpdf                → qpdf --check (a signed PDF is structurally sound)
#   zbar-tools          → zbarimg (reads the certificate's QR code from the rendered page)
#   fonts-hanazono      → HanaMinB.ttf, CJK Extension B: the fallback font of the rare-character tests
# All present: returns at once (no apt-get update). Missing and root: installs them with apt-get.
# Missing and not root: prints the exact command to run and exits 1.
set -euo pipefail

missing=()

have_initdb=no
for f in /usr/lib/postgresql/*/bin/initdb; do
  if [ -x "$f" ]; then have_initdb=yes; break; fi
done
[ "$have_initdb" = yes ] || missing+=(postgresql)

[ -x /usr/bin/chromium ] || missing+=(chromium)

have_font=no
if [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  have_font=yes
elif command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy; then
  have_font=yes
fi
[ "$have_font" = yes ] || missing+=(fonts-wqy-microhei)

# poppler-utils → pdftotext, pdfinfo, pdftoppm (the PDF tests read certificates and agreements back), pdfsig (their signatures)
command -v pdftotext >/dev/null 2>&1 && command -v pdfsig >/dev/null 2>&1 || missing+=(poppler-utils)

# qpdf → qpdf --check of the signed PDFs; zbar-tools → zbarimg, an independent reader of the QR code
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)

# fonts-hanazono → HanaMinB.ttf (生僻字 of CJK Extension B printed through CERTIFICATE_FALLBACK_FONTS)
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || missing+=(fonts-hanazono)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system deps: postgresql, chromium, fonts-wqy-microhei, poppler-utils, qpdf, zbar-tools, fonts-hanazono present"
  exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"

if [ "$(id -u)" -ne 0 ]; then
  echo "system deps missing: ${missing[*]}" >&2
  echo "run as root:  sudo sh -c '$cmd'" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system deps missing: ${missing[*]}, and apt-get is not available to install them" >&2
  exit 1
fi

echo "system deps missing: ${missing[*]}; installing: $cmd"
export DEBIAN_FRONTEND=noninteractive
# Wait for a dpkg lock held by someone else instead of failing at once.
apt-get -o DPkg::Lock::Timeout=300 update
apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"

# Check again: a package that installed but did not bring the expected file is a failure.
still=()
ok=no
for f in /usr/lib/postgresql/*/bin/initdb; do [ -x "$f" ] && ok=yes && break; done
[ "$ok" = yes ] || still+=("postgresql (no /usr/lib/postgresql/*/bin/initdb)")
[ -x /usr/bin/chromium ] || still+=("chromium (no /usr/bin/chromium)")
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || fc-list 2>/dev/null | grep -qi wqy \
  || still+=("fonts-wqy-microhei (no wqy font)")
command -v pdftotext >/dev/null 2>&1 || still+=("poppler-utils (no pdftotext)")
command -v pdfsig >/dev/null 2>&1 || still+=("poppler-utils (no pdfsig)")
command -v qpdf >/dev/null 2>&1 || still+=("qpdf (no qpdf)")
command -v zbarimg >/dev/null 2>&1 || still+=("zbar-tools (no zbarimg)")
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || still+=("fonts-hanazono (no HanaMinB.ttf)")
if [ "${#still[@]}" -ne 0 ]; then
  echo "system deps still missing after install: ${still[*]}" >&2
  exit 1
fi
echo "system deps: installed ${missing[*]}"
