#!/usr/bin/env bash
# Chromium and its WebDriver from Debian, for tests/test_browser.py. Run as root before the tests;
# does nothing when both are already there.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    exit 0
fi

# Headless use needs none of the recommends (printer tools, upower, udev, ...).
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version 2>/dev/null # its launcher script prints shell noise on stderr
/usr/bin/chromedriver --version
