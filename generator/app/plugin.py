"""MkDocs plugin: a thin adapter that adds the generated pages to the site in memory."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, file_sort_key

from ..errors import DigestError
from ..knowledge.gazetteer import load_gazetteer
from ..render.searchwords import search_dictionary, search_html
from ..pipeline import build
from .buildtime import pin_build_time
from ..settings import HOME_FRAGMENT, OWNED_DIRS, TAGS_FRAGMENT, Settings
from ..write.atomic import atomic_write
from ..write.docs import read_manifest

log = logging.getLogger("mkdocs.plugins.park_digest")
HOME_MARKER = "<!-- park-digest:home -->"
# Where hand-written pages show generated listings: marker → fragment.
FRAGMENTS = {HOME_MARKER: HOME_FRAGMENT, "<!-- park-digest:tags -->": TAGS_FRAGMENT}


class ParkDigestConfig(Config):
    """Options of the park-digest plugin in mkdocs.yml."""

    seeds = c.Type(str, default="seeds")
    templates = c.Type(str, default="site_templates")
    jieba_dict_user = c.Type(str, default=".park-digest/jieba_user_dict.txt")
    # Off: the pages in docs/ are used as they are (park-digest generate wrote them).
    regenerate = c.Type(bool, default=True)
    # On: article pages carry the copy Pagefind indexes (park-digest build --pagefind sets it itself).
    pagefind = c.Type(bool, default=False)


def _reset_shared_jieba() -> None:
    """Make jieba's shared tokenizer reload its dictionary before the search plugin uses it.

    Material's search plugin adds the user dictionary to jieba's global tokenizer
    on every build; added twice in one process (mkdocs serve, or two builds), the
    word frequencies double and segmentation drifts. Our own tagging uses a
    private tokenizer; this only keeps the search index the same build after build.
    """
    import jieba

    jieba.dt.initialized = False


JIEBA_LOGGER = "jieba"   # jieba's own logger: it reports loading its dictionary at DEBUG, on every build


class GeneratedPathTaken(PluginError):
    """A hand-written file is where a generated page goes (nothing is written then)."""


class ParkDigestPlugin(BasePlugin[ParkDigestConfig]):
    """Regenerate articles and index pages from the seeds folder on every build."""

    generated: dict[str, str] | None = None   # what on_config generated or was handed, for on_files
    _handed: tuple[dict[str, str] | None, Callable[[], None] | None] | None = None
    _jieba_level: int | None = None            # jieba's logger level before this build quietened it

    def hand_over(self, pages: dict[str, str] | None, listed: Callable[[], None] | None = None) -> None:
        """Use these pages instead of generating them (park-digest build generated them already);
        None: they are in docs/ already. listed is called once MkDocs has listed its files."""
        self._handed = (pages, listed)

    @event_priority(100)  # before the search plugin's on_config, which loads the dictionary
    def on_config(self, config):
        """Resolve folders and write the jieba user dictionary the search plugin loads."""
        root = Path(config.config_file_path).parent
        self.settings = Settings(seeds=root / self.config.seeds, docs=Path(config.docs_dir),
                                 templates=root / self.config.templates, site_url=config.site_url or "",
                                 cache_dir=root / ".park-digest" / "cache", pagefind=self.config.pagefind)
        _reset_shared_jieba()
        self._quieten_jieba()
        path = root / self.config.jieba_dict_user
        text = search_dictionary(load_gazetteer())
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text)
        self.fragments: dict[str, str] = {}
        if self._handed is not None:
            self.generated = self._handed[0]
        else:
            self.generated = self._generate() if self.config.regenerate else None
        return config

    def _generate(self) -> dict[str, str]:
        """Run the generator: its pages, its problems logged, the build time pinned to the newest article.

        Done here, not when the files are listed, because plugins read the build
        time in their own on_config (the RSS feeds' dates), which comes after ours.
        """
        try:
            result = build(self.settings)
        except DigestError as err:
            raise PluginError(str(err)) from err
        for err in result.errors:
            log.warning(str(err)) if not err.warning else log.info(str(err))
        # Feeds and the sitemap carry a build time; pin it so builds are byte-identical.
        pin_build_time(result.newest)
        return result.files

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages (in place of their copies on disk, never of hand-written files)."""
        generated, self.generated = self.generated, None  # in MkDocs' files from here on
        if generated is not None:
            self._add_generated(files, generated, config)
            # In the order MkDocs lists docs/ (sitemap, search index): the site is the
            # same whether its pages came from memory or from disk.
            files = Files(sorted(files, key=file_sort_key))
        self.fragments = {marker: f.content_string for marker, path in FRAGMENTS.items()
                          if (f := files.get_file_from_path(path)) is not None}
        for f in list(files):
            if f.src_uri.startswith(f"{OWNED_DIRS[-1]}/"):
                files.remove(f)  # fragments are pieces of other pages, not pages
        listed = self._handed[1] if self._handed is not None else None
        if listed is not None:
            listed()
        return files

    def _add_generated(self, files: Files, pages: dict[str, str], config) -> None:
        """Put the generated pages in files, in place of any copy in docs/; leave out stale ones."""
        owned = read_manifest(self.settings.docs)
        for rel in sorted(owned.difference(pages)):
            stale = files.get_file_from_path(rel)
            if stale is not None:
                files.remove(stale)  # generated by an earlier run, from a page since removed
        for rel in sorted(pages):
            existing = files.get_file_from_path(rel)
            if existing is not None:
                if rel not in owned:
                    raise GeneratedPathTaken(f"{Path(config.docs_dir) / rel}: a hand-written file is where a generated page goes")
                files.remove(existing)
            page = File.generated(config, rel, content=pages[rel])
            # In-memory content wins in MkDocs; the nominal path is for plugins that
            # assume every page has one (mkdocs-rss-plugin crashes on None), and the edit
            # link is the one the page has when MkDocs reads it from docs/.
            page.abs_src_path = str(Path(config.docs_dir) / rel)
            page.edit_uri = rel
            files.append(page)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """Put the generated listings (home, tags) where a hand-written page asks for them."""
        for marker in FRAGMENTS:
            if marker in markdown:
                markdown = markdown.replace(marker, self.fragments.get(marker, ""))
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        """Add an article's hidden search copy (its front matter's search_words) to its page."""
        return html + search_html(page.meta) if "search_words" in page.meta else html

    def _quieten_jieba(self) -> None:
        """Keep jieba's start-up messages (loading its dictionary, at DEBUG) out of the build's output.

        Only jieba's own logger, and only while a build runs: on_post_build and
        on_build_error give it back its level.
        """
        if self._jieba_level is None:
            logger = logging.getLogger(JIEBA_LOGGER)
            self._jieba_level = logger.level
            logger.setLevel(logging.WARNING)

    def _restore_jieba(self) -> None:
        """Give jieba's logger back the level it had before the build."""
        if self._jieba_level is not None:
            logging.getLogger(JIEBA_LOGGER).setLevel(self._jieba_level)
            self._jieba_level = None

    @event_priority(-100)  # after the search plugin has built its index with jieba
    def on_post_build(self, config) -> None:
        """The build is done: jieba's logger as it was."""
        self._restore_jieba()

    def on_build_error(self, error) -> None:
        """A failed build: jieba's logger as it was."""
        self._restore_jieba()

    def on_serve(self, server, config, builder):
        """Rebuild the preview when a seed page or a template changes."""
        for folder in (self.settings.seeds, self.settings.templates):
            if folder.is_dir():
                server.watch(str(folder))
        return server
