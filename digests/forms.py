"""The subscribe form and the preferences form (the same choices, minus the address)."""

from __future__ import annotations

from django import forms

from digests.models import Subscription
from papers.models import Category
from papers.taxonomy import GROUPS

# Shown first, open: where most of arXiv's traffic (and this site's readers) is.
POPULAR = [
    "cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML", "cs.RO",
    "cs.CR", "cs.IR", "cs.NE", "cs.SE", "cs.HC", "cs.DC",
]  # fmt: skip
MAX_CATEGORIES = 60


class DigestChoices(forms.Form):
    frequency = forms.ChoiceField(
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.DAILY,
        widget=forms.RadioSelect,
    )
    categories = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to get every category.",
    )
    include_followed = forms.BooleanField(
        required=False, label="Include new works by researchers I follow"
    )

    def __init__(self, *args, followed_available=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(
            Category.objects.filter(is_active=True).only("code", "name", "group").order_by("code")
        )
        self.fields["categories"].choices = [(c.code, c.name) for c in self.categories]
        if not followed_available:
            del self.fields["include_followed"]

    def clean_categories(self):
        codes = self.cleaned_data["categories"]
        if len(codes) > MAX_CATEGORIES:
            raise forms.ValidationError(
                f"Choose at most {MAX_CATEGORIES} categories, or none for all of them."
            )
        return sorted(set(codes))

    def category_groups(self):
        """[(label, open, [(code, name, checked), …])]: popular first, then arXiv's groups."""
        selected = set(self["categories"].value() or [])
        by_code = {c.code: c for c in self.categories}
        popular = [by_code[code] for code in POPULAR if code in by_code]
        groups = [("Popular", popular)]
        for key, label in GROUPS.items():
            members = [c for c in self.categories if c.group == key and c.code not in POPULAR]
            if members:
                groups.append((label, members))
        return [
            (
                label,
                label == "Popular" or any(c.code in selected for c in members),
                [(c.code, c.name, c.code in selected) for c in members],
            )
            for label, members in groups
        ]


class SubscribeForm(DigestChoices):
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    field_order = ["email", "frequency", "categories", "include_followed"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PreferencesForm(DigestChoices):
    """The manage page: change the choices of an existing subscription."""


class ResendForm(forms.Form):
    email = forms.EmailField(max_length=254)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
