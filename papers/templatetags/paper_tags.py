"""Template filters for paper text and dates, as the seed pages print them."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date

from papers import mathtext

register = template.Library()


@register.filter
def math(text):
    """Escaped text with ``$...$`` rendered as MathML (papers.mathtext)."""
    return mathtext.render(str(text or ""))


@register.filter
def card_date(value):
    """'May 13' in the current year, 'Dec 29, 2025' otherwise (seed 001)."""
    if not value:
        return ""
    local = timezone.localtime(value) if hasattr(value, "tzinfo") and value.tzinfo else value
    same_year = local.year == timezone.localdate().year
    return format_date(local, "M j" if same_year else "M j, Y")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""
