"""Web addresses and profile links made from user names on known networks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_DOMAIN = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.I)


def web_address(text: str) -> str:
    """``github.com/x`` or ``www.example.org`` → ``https://…``; anything else as written."""
    text = text.strip()
    if not _SCHEME.match(text) and _DOMAIN.match(text):
        return "https://" + text
    return text


def _is_web(text: Any) -> bool:
    return isinstance(text, str) and bool(re.match(r"^https?://\S+$", web_address(text), re.I))


def _host(url: str) -> str:
    try:
        host = urlsplit(web_address(url)).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class Network:
    """A site where a profile is a user name: its usual name, its address (``{user}``, and
    ``{host}`` for Mastodon's many servers), and what a user name there looks like as a pattern
    naming those parts (anything else cannot become a link)."""

    name: str
    template: str
    user: str = r"@?(?P<user>[\w.-]+)"  # a leading @ (as in '@ada') is no part of the name

    def url(self, user: str) -> str | None:
        m = re.fullmatch(self.user, user.strip().strip("/"))
        return self.template.format(**m.groupdict()) if m else None

    def bare(self, url: str) -> bool:
        """True for the site's address without a user (``https://www.linkedin.com/in/``)."""
        plain = re.sub(r"^https?://(www\.)?", "", url.lower()).rstrip("/@~")
        empty = self.template.format(user="", host="")
        return plain == re.sub(r"^https?://(www\.)?", "", empty).rstrip("/@~")


_NETWORK_LIST: list[tuple[Network, tuple[str, ...]]] = [  # each with the other names it goes by
    (Network("GitHub", "https://github.com/{user}", r"@?(?P<user>[A-Za-z0-9-]+)"), ()),
    (Network("GitLab", "https://gitlab.com/{user}", r"@?(?P<user>[\w.-]+(/[\w.-]+)*)"), ()),
    (Network("Bitbucket", "https://bitbucket.org/{user}"), ()),
    (Network("LinkedIn", "https://www.linkedin.com/in/{user}", r"(?P<user>[\w%-]+)"),
     ("linked in",)),
    (Network("Twitter", "https://twitter.com/{user}", r"@?(?P<user>\w+)"), ()),
    (Network("X", "https://x.com/{user}", r"@?(?P<user>\w+)"),
     ("x (twitter)", "twitter/x", "x/twitter", "x.com")),
    (Network("ORCID", "https://orcid.org/{user}", r"(?P<user>\d{4}-\d{4}-\d{4}-\d{3}[\dX])"), ()),
    (Network("Google Scholar", "https://scholar.google.com/citations?user={user}",
             r"(?P<user>[\w-]{12})"), ("scholar",)),
    (Network("Stack Overflow", "https://stackoverflow.com/users/{user}",
             r"(?P<user>\d+(/[\w-]+)?)"), ()),
    (Network("Mastodon", "https://{host}/@{user}",
             r"@?(?P<user>[\w.]+)@(?P<host>[\w-]+(\.[\w-]+)+)"), ()),
    (Network("Bluesky", "https://bsky.app/profile/{user}"), ()),
    (Network("Medium", "https://medium.com/@{user}"), ()),
    (Network("Kaggle", "https://www.kaggle.com/{user}"), ()),
    (Network("Hugging Face", "https://huggingface.co/{user}"), ()),
    (Network("DEV", "https://dev.to/{user}"), ("dev.to",)),
    (Network("CodePen", "https://codepen.io/{user}"), ()),
    (Network("Dribbble", "https://dribbble.com/{user}"), ()),
    (Network("Behance", "https://www.behance.net/{user}"), ()),
    (Network("ResearchGate", "https://www.researchgate.net/profile/{user}"), ()),
    (Network("Instagram", "https://www.instagram.com/{user}"), ()),
    (Network("Facebook", "https://www.facebook.com/{user}"), ()),
    (Network("YouTube", "https://www.youtube.com/@{user}"), ()),
    (Network("Twitch", "https://www.twitch.tv/{user}"), ()),
    (Network("Reddit", "https://www.reddit.com/user/{user}"), ()),
    (Network("Telegram", "https://t.me/{user}", r"@?(?P<user>\w+)"), ()),
    (Network("Keybase", "https://keybase.io/{user}"), ()),
    (Network("HackerRank", "https://www.hackerrank.com/profile/{user}"), ()),
    (Network("LeetCode", "https://leetcode.com/u/{user}"), ()),
    (Network("SoundCloud", "https://soundcloud.com/{user}"), ()),
    (Network("npm", "https://www.npmjs.com/~{user}"), ()),
]  # fmt: skip


def _network_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


NETWORKS: dict[str, Network] = {
    _network_key(alias): network
    for network, aliases in _NETWORK_LIST
    for alias in (network.name, *aliases)
}
"""Networks by name (case, spaces and punctuation ignored: 'Google Scholar', 'googlescholar')."""
_NETWORK_HOSTS = {_host(n.template): n.name for n, _ in _NETWORK_LIST if "{host}" not in n.template}
"""The network a profile's URL belongs to, by its host (without www.)."""
