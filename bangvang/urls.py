"""Every URL and output path is decided here, and nowhere else.

Internal URLs carry the base path (`/congdoan/don-vi/x/` when base_url is
`https://example.org/congdoan/`), so the site works when served under that path. Output paths are
relative to the output folder and derived from the URL by dropping the base path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .config import SiteConfig


@dataclass(frozen=True)
class Urls:
    config: SiteConfig

    @cached_property
    def base(self) -> str:
        return self.config.base_path

    def site(self, path: str = "") -> str:
        """A site path ("don-vi/" or "/don-vi/") with the base path in front."""
        return self.base + path.lstrip("/")

    @cached_property
    def origin(self) -> str:
        return self.config.origin

    def absolute(self, url: str) -> str:
        """An internal URL made absolute for feeds, canonical links and Open Graph."""
        return self.origin + url

    def home(self, page: int = 1) -> str:
        return self.paged(self.site(), page)

    def paged(self, first: str, page: int) -> str:
        return first if page <= 1 else f"{first}{self.config.prefixes.pagination}/{page}/"

    def article(self, slug: str) -> str:
        return self.site(f"{self.config.prefixes.articles}/{slug}/")

    def archive(self, year: int = 0, page: int = 1) -> str:
        """Every published article, newest first ("/tin-tuc/"), or those of one year ("/tin-tuc/2021/")."""
        return self.paged(self.site(f"{self.config.prefixes.articles}/" + (f"{year}/" if year else "")), page)

    def page(self, slug: str) -> str:
        return self.site(f"{slug}/")

    def units(self) -> str:
        return self.site(f"{self.config.prefixes.units}/")

    def unit(self, unit_id: str, page: int = 1) -> str:
        return self.paged(self.site(f"{self.config.prefixes.units}/{unit_id}/"), page)

    def unit_roll(self, unit_id: str, page: int = 1) -> str:
        """The whole honour roll of a unit (sub-units included), when it is too long for the unit page."""
        return self.paged(self.site(f"{self.config.prefixes.units}/{unit_id}/{self.config.prefixes.honours}/"), page)

    def campaign_roll(self, campaign_id: str, page: int = 1) -> str:
        return self.paged(self.site(f"{self.config.prefixes.campaigns}/{campaign_id}/{self.config.prefixes.honours}/"),
                          page)

    def campaigns(self) -> str:
        return self.site(f"{self.config.prefixes.campaigns}/")

    def campaign(self, campaign_id: str, page: int = 1) -> str:
        return self.paged(self.site(f"{self.config.prefixes.campaigns}/{campaign_id}/"), page)

    def honours(self, page: int = 1) -> str:
        return self.paged(self.site(f"{self.config.prefixes.honours}/"), page)

    def honours_year(self, year: int, page: int = 1) -> str:
        return self.paged(self.site(f"{self.config.prefixes.honours}/{year}/"), page)

    def honours_index(self) -> str:
        """Every honour as compact JSON for the name search of paginated rolls (search.awardee_index)."""
        return self.site(f"{self.config.prefixes.honours}/tra-cuu.json")

    def awardee(self, slug: str) -> str:
        return self.site(f"{self.config.prefixes.awardees}/{slug}/")

    def tags(self) -> str:
        return self.site(f"{self.config.prefixes.tags}/")

    def tag(self, slug: str, page: int = 1) -> str:
        return self.paged(self.site(f"{self.config.prefixes.tags}/{slug}/"), page)

    def search(self) -> str:
        return self.site(f"{self.config.prefixes.search}/")

    def feed(self) -> str:
        """The site's Atom feed: newest articles of every unit."""
        return self.site("feed.xml")

    def unit_feed(self, unit_id: str) -> str:
        return self.site(f"{self.config.prefixes.units}/{unit_id}/feed.xml")

    def campaign_feed(self, campaign_id: str) -> str:
        return self.site(f"{self.config.prefixes.campaigns}/{campaign_id}/feed.xml")

    def honours_data(self, fmt: str) -> str:
        """Open data of the whole honour roll: fmt is "csv" or "json" ("/bang-vang.csv")."""
        return self.site(f"{self.config.prefixes.honours}.{fmt}")

    def unit_honours_data(self, unit_id: str, fmt: str) -> str:
        """A unit's honours, sub-units included: "/don-vi/<id>/bang-vang.csv"."""
        return self.site(f"{self.config.prefixes.units}/{unit_id}/{self.config.prefixes.honours}.{fmt}")

    def campaign_honours_data(self, campaign_id: str, fmt: str) -> str:
        return self.site(f"{self.config.prefixes.campaigns}/{campaign_id}/{self.config.prefixes.honours}.{fmt}")

    def sitemap(self, part: int = 0) -> str:
        """"/sitemap.xml"; a big site's parts (listed by the index at /sitemap.xml) are "/sitemap-<n>.xml"."""
        return self.site("sitemap.xml" if part <= 0 else f"sitemap-{part}.xml")

    def robots(self) -> str:
        return self.site("robots.txt")

    def theme(self, path: str) -> str:
        return self.site(f"theme/{path}")

    def asset(self, content_rel: str) -> str:
        """Files next to articles are published at the same path as in content/."""
        return self.site(content_rel)

    def output_path(self, url: str) -> str:
        """Output-relative file path of an internal URL: "/a/b/" → "a/b/index.html"."""
        path = url[len(self.base):] if url.startswith(self.base) else url.lstrip("/")
        if path == "" or path.endswith("/"):
            return path + "index.html"
        return path
