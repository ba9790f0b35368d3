"""Links worth lifting out of arXiv free text: where a paper's code lives."""

import re

_CODE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|codeberg\.org|bitbucket\.org)"
    r"/[\w.\-]+(?:/[\w.\-]+)?",
    re.IGNORECASE,
)


def find_code_url(*texts: str) -> str:
    """The first code-hosting URL in the abstract or comment, without trailing punctuation."""
    for text in texts:
        match = _CODE_URL.search(text or "")
        if match:
            return match.group(0).rstrip(".,;:)").removesuffix(".git")
    return ""
