"""A blank WebKitGTK window: the floor under the desktop app's memory.

The startup benchmark launches this beside the app and reads the same figures, so the app's own
share can be told from what the engine it embeds takes for an empty page. It uses the same
WebKitGTK library (through PyGObject) and the same setting the app starts with (no OpenGL
compositing). Needs `python3-gi` and `gir1.2-webkit2-4.1` (Debian package names).
"""

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

window = Gtk.Window(title="blank")
window.set_default_size(1280, 800)
view = WebKit2.WebView()
window.add(view)
view.load_html("<!doctype html><title>blank</title><p>blank</p>", None)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
