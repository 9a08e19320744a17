"""A fictional Indonesian news site served on 127.0.0.1 for the crawl tests.

Every article, feed and page here is written for these tests (made-up outlets, made-up
events); no real article text is used. The server records each request it gets, so tests
can assert what was (and what was never) fetched.
"""

from __future__ import annotations

import email.utils
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROBOTS = """# robots.txt of Kabar Contoh (test)
User-agent: *
Disallow: /rahasia/
Disallow: /*?cetak=
Allow: /rahasia/terbuka

User-agent: bot-lain
Disallow: /
"""

ARTICLES: dict[str, tuple[str, list[str]]] = {
    "/berita/menlu-bertemu": (
        "Menlu Indonesia dan Jepang Bahas Kerja Sama Maritim",
        ["KABARCONTOH.TEST, JAKARTA -- Menteri Luar Negeri Indonesia bertemu dengan Menteri "
         "Luar Negeri Jepang di Jakarta pada Senin (3/6/2024) untuk membahas kerja sama "
         "maritim kedua negara.",
         "Pertemuan yang berlangsung hampir dua jam itu juga menyinggung rencana latihan "
         "penyelamatan di laut yang akan digelar tahun depan.",
         "Kedua menteri sepakat membentuk kelompok kerja yang akan melapor setiap enam bulan "
         "tentang kemajuan kerja sama tersebut."]),
    "/berita/kecaman": (
        "Filipina Kecam China soal Insiden di Laut",
        ["KABARCONTOH.TEST, MANILA -- Presiden Filipina mengecam China atas insiden di Laut "
         "China Selatan pekan lalu yang melukai dua awak kapal nelayan.",
         "Menurut keterangan istana, kapal penjaga pantai menembakkan meriam air ke arah "
         "kapal kayu yang sedang mencari ikan di dekat sebuah karang.",
         "Pemerintah di Manila menyatakan akan menempuh semua jalur diplomatik yang ada."]),
    "/berita/sempat-gagal": (
        "Malaysia dan Singapura Teken Perjanjian Penanggulangan Banjir",
        ["KABARCONTOH.TEST, PUTRAJAYA -- Pemerintah Malaysia dan Singapura menandatangani "
         "perjanjian kerja sama penanggulangan banjir di Putrajaya pada Selasa (4/6/2024).",
         "Perjanjian itu mencakup pertukaran data curah hujan dan peringatan dini untuk "
         "wilayah perbatasan kedua negara.",
         "Para pejabat berharap kerja sama ini mengurangi kerugian akibat banjir musiman."]),
    "/berita/pindah": (
        "Thailand Terima Kunjungan Perdana Menteri Kamboja",
        ["KABARCONTOH.TEST, BANGKOK -- Perdana Menteri Thailand menerima kunjungan Perdana "
         "Menteri Kamboja di Bangkok pada Senin (10/6/2024).",
         "Keduanya membahas pembukaan kembali pos lintas batas yang ditutup sejak tahun lalu "
         "serta perdagangan hasil pertanian.",
         "Kunjungan itu merupakan yang pertama sejak pemerintahan baru di Phnom Penh dilantik."]),
    "/berita/peta-situs": (
        "Mesir Serukan Gencatan Senjata",
        ["KABARCONTOH.TEST, KAIRO -- Pemerintah Mesir menyerukan gencatan senjata kepada "
         "Israel dalam pernyataan resmi pada Selasa (11/6/2024).",
         "Pernyataan itu dibacakan juru bicara kementerian luar negeri di hadapan wartawan "
         "di Kairo.",
         "Mesir juga meminta bantuan kemanusiaan segera diizinkan masuk."]),
    "/berita/baru": (
        "Presiden Brasil Kritik Kebijakan Dagang Amerika Serikat",
        ["KABARCONTOH.TEST, BRASILIA -- Presiden Brasil mengkritik kebijakan dagang Amerika "
         "Serikat dalam pidatonya pada Rabu (12/6/2024).",
         "Ia menilai tarif baru itu merugikan petani kedelai dan peternak di negaranya.",
         "Washington belum memberikan tanggapan atas pidato tersebut."]),
    "/berita/arsip": (
        "Festival Layang-Layang Meriahkan Pantai Selatan",
        ["KABARCONTOH.TEST, BANTUL -- Ratusan layang-layang beraneka bentuk menghiasi langit "
         "pantai selatan dalam festival tahunan yang digelar akhir pekan lalu.",
         "Panitia mencatat peserta datang dari dua belas kabupaten, sebagian membawa layang-"
         "layang sepanjang puluhan meter.",
         "Festival ditutup dengan pertunjukan musik tradisional di tepi pantai."]),
    "/rahasia/dokumen": (
        "Halaman Terlarang",
        ["Halaman ini dilarang oleh robots.txt dan tidak boleh pernah diambil oleh perayap "
         "yang sopan, apa pun isinya."] * 3),
}
# Not UTF-8: windows-1252 bytes; the header lies (says UTF-8) or says nothing.
CP1252_PAGES: dict[str, tuple[str, list[str], str | None]] = {
    "/berita/kode-lama": (
        "Presiden Prancis Berkunjung ke Vietnam",
        ["KABARCONTOH.TEST, HANOI -- Presiden Prancis tiba di Hanoi pada Rabu (5/6/2024) untuk "
         "kunjungan kenegaraan ke Vietnam selama dua hari.",
         "“Kami datang sebagai sahabat lama,” kata juru bicara Istana Élysée kepada wartawan "
         "setibanya di bandara.",
         "Kunjungan itu akan ditutup dengan jamuan makan malam kenegaraan."],
        "text/html; charset=utf-8"),
    "/berita/tanpa-header": (
        "Kafé Rakyat di Tepi Sungai Ramai Dikunjungi",
        ["KABARCONTOH.TEST, SAMARINDA -- Sebuah kafé rakyat di tepi sungai ramai dikunjungi "
         "warga setiap sore selama musim liburan sekolah.",
         "Pemiliknya berkata “kopi tubruk” adalah menu yang paling dicari pengunjung.",
         "Pengelola berencana menambah kursi di sepanjang dermaga."],
        "text/html"),
}


def news_page(title: str, paragraphs: list[str], *, charset: str = "utf-8",
              date: str = "2024-06-12T09:00:00+07:00", site: str = "Kabar Contoh") -> str:
    """A full article page: menus, share buttons, Baca Juga blocks, comments, footer."""
    body = [f"<p>{paragraphs[0]}</p>",
            "<p><strong>Baca Juga:</strong> <a href='/x/1'>Harga Cabai Turun Menjelang "
            "Akhir Pekan</a></p>"]
    body += [f"<p>{p}</p>" for p in paragraphs[1:]]
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="{charset}">
<title>{title} - {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}">
</head><body>
<header><nav class="menu"><ul><li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional
</a></li><li><a href="/internasional">Internasional</a></li><li><a href="/indeks">Indeks Berita
</a></li></ul></nav></header>
<main><article class="detail"><h1>{title}</h1>
<div class="byline">Penulis: Tim Redaksi Contoh</div>
<div class="share"><a href="#">Bagikan</a> <a href="#">Facebook</a> <a href="#">WhatsApp</a></div>
<div class="content">{"".join(body)}
<div class="baca-juga"><h3>Baca Juga</h3><ul><li><a href="/x/2">Tim Voli Putri Lolos ke Final
</a></li><li><a href="/x/3">Festival Kuliner Nusantara Digelar di Alun-Alun</a></li></ul></div>
</div></article>
<section class="comments"><h2>Komentar (2)</h2>
<div class="comment"><p class="author">Warga Bumi</p><p>Semoga bermanfaat bagi rakyat kecil di
pelosok negeri ini.</p></div>
<div class="comment"><p class="author">Pembaca Setia</p><p>Beritanya kurang lengkap, mohon
ditambah wawancara dengan warga.</p></div>
<form><textarea>Tulis komentar</textarea><button>Kirim</button></form></section></main>
<footer><p>Copyright 2024 {site}. Hak cipta dilindungi.</p><p>Tentang Kami | Pedoman Media
Siber | Kontak</p></footer></body></html>"""


@dataclass(frozen=True)
class Hit:
    """One request the server got."""

    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """The server's state: routes, the request log, switches the tests flip."""

    base: str = ""
    hits: list[Hit] = field(default_factory=list)
    routes: dict[str, Callable[[_Handler], None]] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    feed_version: int = 1  # bump to change the feeds (new ETag, one more item)
    interrupt_on: str | None = None  # a path whose request sends SIGINT to this process
    counts: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [h.path for h in self.hits]

    def requests(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]


class _Handler(BaseHTTPRequestHandler):
    server_version = "KabarContoh/1.0"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    @property
    def site(self) -> Site:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        site = self.site
        with site.lock:
            site.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()},
                                 time.monotonic()))
            site.counts[self.path] = site.counts.get(self.path, 0) + 1
        if site.interrupt_on == self.path:
            os.kill(os.getpid(), signal.SIGINT)
        route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
        try:
            if route is None:
                self.reply(404, b"<html><body><h1>404 Tidak Ditemukan</h1></body></html>")
            else:
                route(self)
        except (ConnectionError, TimeoutError):
            pass  # the crawler hung up (a huge page, a timeout): expected

    def reply(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def conditional(self, body: bytes, ctype: str, etag: str | None, modified: float) -> None:
        """Answer 304 when the client's validators match, else the body with validators."""
        stamp = email.utils.formatdate(modified, usegmt=True)
        sent_etag = self.headers.get("If-None-Match")
        if (etag and sent_etag == etag) or (
                not sent_etag and self.headers.get("If-Modified-Since") == stamp):
            self.send_response(304)
            self.end_headers()
            return
        validators = {"Last-Modified": stamp} | ({"ETag": etag} if etag else {})
        self.reply(200, body, ctype, validators)


def start(site: Site) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serve the site on a free port of 127.0.0.1 in a background thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.site = site  # type: ignore[attr-defined]
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    return server, thread


def stop(server: ThreadingHTTPServer, site: Site) -> None:
    site.stopping.set()
    server.shutdown()
    server.server_close()


# -- the news site's routes -------------------------------------------------------------

RSS_LINKS = ["/berita/menlu-bertemu", "/rahasia/dokumen", "/berita/menlu-bertemu?cetak=1",
             "/lambat", "/berita/sempat-gagal", "/hilang", "/putar-a", "/raksasa",
             "/raksasa-panjang", "/berita/kode-lama", "/unduhan/laporan", "/foto/gambar.jpg",
             "/alihkan-rahasia", "/lama/artikel", "/kosong"]
NEVER_FETCHED = ["/rahasia/dokumen", "/berita/menlu-bertemu?cetak=1", "/rahasia/lain",
                 "/foto/gambar.jpg", "/berita/menlu-bertemu?utm_source=atom"]


def _rss(site: Site) -> bytes:
    links = RSS_LINKS + (["/berita/baru"] if site.feed_version > 1 else [])
    items = "".join(
        f"<item><title>Berita {i}</title><link>{site.url(p).replace('&', '&amp;')}</link>"
        f"<guid isPermaLink='false'>kc-{i}</guid><pubDate>Sel, 04 Jun 2024 10:0{i % 10}:00 +0700"
        f"</pubDate></item>" for i, p in enumerate(links))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Kabar "
            f"Contoh</title><link>{site.base}/</link>{items}</channel></rss>").encode()


def _atom(site: Site) -> bytes:
    # Relative and absolute links, a tracking-parameter copy of an RSS link.
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kabar Contoh: Dunia</title>
<entry><title>Kecaman</title><link rel="alternate" href="/berita/kecaman"/>
<published>2024-06-05T08:00:00+07:00</published><updated>2024-06-05T09:00:00+07:00</updated>
</entry>
<entry><title>Salinan</title><link href="{site.url('/berita/menlu-bertemu?utm_source=atom')}"/>
</entry>
<entry><title>Tanpa header</title><link rel="enclosure" href="/foto/gambar.jpg"/>
<link href="/berita/tanpa-header"/></entry>
</feed>""".encode()


def _sitemap_index(site: Site) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{site.url('/sitemap-lama.xml.gz')}</loc><lastmod>2024-01-01</lastmod></sitemap>
<sitemap><loc>{site.url('/sitemap-berita.xml')}</loc><lastmod>2024-06-11</lastmod></sitemap>
</sitemapindex>""".encode()


def _urlset(site: Site, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{site.url(p)}</loc><lastmod>2024-06-11</lastmod><news:news>"
        f"<news:publication_date>2024-06-11T07:00:00+07:00</news:publication_date>"
        f"<news:title>Judul</news:title></news:news></url>" for p in paths)
    return (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/"
            f"schemas/sitemap/0.9' xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
            f"{urls}</urlset>").encode()


def add_news_routes(site: Site) -> None:
    """The whole test site: feeds, articles, and every way a page can go wrong."""
    import gzip

    xml = "application/rss+xml; charset=utf-8"
    r = site.routes
    r["/robots.txt"] = lambda h: h.reply(200, ROBOTS.encode(), "text/plain")
    r["/rss.xml"] = lambda h: h.conditional(_rss(h.site), xml, f'"rss-{h.site.feed_version}"',
                                            1717480000 + h.site.feed_version)
    r["/atom.xml"] = lambda h: h.conditional(_atom(h.site), "application/atom+xml", None,
                                             1717480000)
    r["/sitemap.xml"] = lambda h: h.reply(200, _sitemap_index(h.site), "application/xml")
    r["/sitemap-berita.xml"] = lambda h: h.conditional(
        _urlset(h.site, ["/berita/peta-situs", "/berita/menlu-bertemu"]), "application/xml",
        '"sb-1"', 1717480000)
    r["/sitemap-lama.xml.gz"] = lambda h: h.conditional(
        gzip.compress(_urlset(h.site, ["/berita/arsip"])), "application/x-gzip", '"sl-1"',
        1704067200)
    for path, (title, paras) in ARTICLES.items():
        page = news_page(title, paras).encode("utf-8")
        if path == "/berita/peta-situs":  # sent gzip-encoded
            packed = gzip.compress(page)
            r[path] = lambda h, b=packed: h.reply(200, b, headers={"Content-Encoding": "gzip"})
        else:
            r[path] = lambda h, b=page: h.reply(200, b)
    for path, (title, paras, ctype) in CP1252_PAGES.items():
        page = news_page(title, paras, charset="windows-1252").encode("cp1252")
        r[path] = lambda h, b=page, t=ctype: h.reply(200, b, t)

    def flaky(h: _Handler) -> None:  # 500 the first time, then the article
        if h.site.counts[h.path] == 1:
            h.reply(500, b"<html><body>Server sibuk</body></html>")
        else:
            h.reply(200, news_page(*ARTICLES["/berita/sempat-gagal"]).encode())

    def slow(h: _Handler) -> None:  # answers only after the crawler's timeout
        if not h.site.stopping.wait(5.0):
            h.reply(200, news_page(*ARTICLES["/berita/kecaman"]).encode())

    def huge(h: _Handler) -> None:  # 3 MB, no Content-Length: the crawler must stop reading
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h.wfile.write(b"<html><body>")
        for _ in range(300):
            h.wfile.write(b"<p>" + b"isi halaman raksasa " * 500 + b"</p>")

    r["/berita/sempat-gagal"] = flaky
    r["/lambat"] = slow
    r["/raksasa"] = huge
    r["/raksasa-panjang"] = lambda h: h.reply(200, b"<html>" + b" " * 3_000_000 + b"</html>")
    r["/putar-a"] = lambda h: h.reply(302, b"", headers={"Location": "/putar-b"})
    r["/putar-b"] = lambda h: h.reply(301, b"", headers={"Location": site.url("/putar-a")})
    r["/alihkan-rahasia"] = lambda h: h.reply(302, b"", headers={"Location": "/rahasia/lain"})
    r["/lama/artikel"] = lambda h: h.reply(301, b"", headers={"Location": "/berita/pindah"})
    r["/unduhan/laporan"] = lambda h: h.reply(200, b"%PDF-1.4 laporan", "application/pdf")
    r["/kosong"] = lambda h: h.reply(200, b"<html><head><title>Indeks</title></head><body>"
                                     b"<nav><a href='/'>Beranda</a></nav></body></html>")
