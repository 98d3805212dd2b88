"""Draw the site's link-preview image: overrides/assets/images/social-card.png (1200x630).

    .venv/bin/python scripts/make_social_card.py

Chat tools and social sites show it beside a pasted link (og:image and twitter:image, set in
overrides/main.html). It is drawn once from the SVG below by the system Chromium (Playwright, no
network) and committed; run this again only to change it. Japanese text needs a CJK font on the
machine (Debian: fonts-noto-cjk). The colours are the site's indigo scheme.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUT = PROJECT_DIR / "overrides" / "assets" / "images" / "social-card.png"
CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1200, 630

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"
  viewBox="0 0 {WIDTH} {HEIGHT}" font-family="'Noto Sans CJK JP', 'Noto Sans', 'DejaVu Sans', sans-serif">
  <rect width="100%" height="100%" fill="#283593"/>
  <rect x="0" y="560" width="100%" height="70" fill="#1a237e"/>
  <g fill="none" stroke="#c5cae9" stroke-width="6" stroke-linecap="round" stroke-linejoin="round">
    <rect x="80" y="92" width="150" height="104" rx="10"/>
    <path d="M120 226h70M155 196v30"/>
    <path d="M262 144h148" stroke-dasharray="14 14"/>
    <path d="M392 126l22 18-22 18"/>
    <rect x="442" y="92" width="150" height="104" rx="10"/>
    <path d="M466 122h102M466 144h102M466 166h102"/>
  </g>
  <text x="80" y="330" fill="#ffffff" font-size="76" font-weight="700">EC2 connection guide</text>
  <text x="80" y="420" fill="#ffffff" font-size="60" font-weight="700">EC2 接続ガイド</text>
  <text x="80" y="500" fill="#e8eaf6" font-size="32">Compare, choose, replace a bastion · 比較して選ぶ</text>
  <text x="80" y="606" fill="#c5cae9" font-size="26">SSH · RDP · Session Manager · EC2 Instance Connect · Serial console</text>
</svg>"""


def main() -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(f"<!doctype html><html><body style='margin:0'>{SVG}</body></html>")
        OUT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    print(f"wrote {OUT.relative_to(PROJECT_DIR)} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
