"""The source strings are English: copy each msgid into the English catalog where it is empty.

English entries that someone wrote by hand (a better wording) are kept.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

path = Path(__file__).resolve().parent.parent / "translations/en/LC_MESSAGES/messages.po"
with path.open("rb") as handle:
    catalog = read_po(handle, locale="en")
for message in catalog:
    if not message.id:
        continue
    if isinstance(message.id, tuple):
        if not any(message.string):
            message.string = (message.id[0], message.id[1])
    elif not message.string:
        message.string = message.id
with path.open("wb") as handle:
    write_po(handle, catalog, width=100, omit_header=False, sort_output=True)
