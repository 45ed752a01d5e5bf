"""German sentences from Markdown files, one a line, for ``bench.fit_sweep --sentences``.

    python -m bench.sentences DIR [DIR ...] > var/sentences.txt

Prose nobody wrote for the tests: used on 5 December with clones of lkaupp/foerderbot (funding
programmes), uscw/goettinger-klimabuendnis (a local climate alliance), bjoernboettle/die-schlinge
(essays on climate policy) and codeformuenster/klimawatch (municipal pages), the repositories the
hyphenation corpus came from (16,421 sentences). Front matter, images, HTML, headings, lists,
tables, quotes and code are left out, links keep their text; a sentence is kept with 6-35 words,
ending in „.“, „!“ or „?“, mostly letters, without web addresses, markup (also no „<“, „>“ or „&“: the
shapes put sentences into HTML as they are) or long numbers.
"""

import re
import sys
from pathlib import Path

SKIP = ("#", "|", "-", "*", ">", "```", "1.")
NOT_PROSE = re.compile(r"http|www\.|[{}\[\]=#@_\\|<>&]|\d{3,}")


def sentences(text):
    text = re.sub(r"^---.*?---", "", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    for block in re.split(r"\n\s*\n", text):
        if block.lstrip().startswith(SKIP):
            continue
        block = " ".join(block.split()).replace("*", "").replace("`", "")
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", block):
            words = sentence.split()
            letters = sum(char.isalpha() for char in sentence)
            if (
                6 <= len(words) <= 35
                and sentence[-1] in ".!?"
                and not NOT_PROSE.search(sentence)
                and letters > 0.75 * len(sentence)
            ):
                yield sentence


def main():
    found = set()
    for folder in sys.argv[1:]:
        for path in sorted(Path(folder).rglob("*.md")):
            found.update(sentences(path.read_text(errors="replace")))
    print("\n".join(sorted(found)))


if __name__ == "__main__":
    main()
