"""Links worth lifting out of arXiv free text: where a paper's code lives."""

import re

# An owner and a repository of at most 100 characters each (GitHub allows 39 and 100), so a
# link always fits Paper.code_url (500). A longer one is no link at all, rather than a link
# cut short to its first 100 characters or to its owner.
_SEGMENT = r"[\w.\-]{1,100}"
_CODE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|codeberg\.org|bitbucket\.org)"
    rf"/{_SEGMENT}(?:/{_SEGMENT}(?![\w.\-])|(?!/?[\w.\-]))",
    re.IGNORECASE,
)


def find_code_url(*texts: str) -> str:
    """The first code-hosting URL in the abstract or comment, without trailing punctuation."""
    for text in texts:
        match = _CODE_URL.search(text or "")
        if match:
            return match.group(0).rstrip(".,;:)").removesuffix(".git")
    return ""
