"""Forms of the citizen pages besides the report (events/intake/forms.py): the rating and the
duplicate lookup."""

from django import forms
from django.utils.translation import gettext_lazy

from events.intake.forms import SubcategoryField
from taxonomy.models import Subcategory


class RatingForm(forms.Form):
    """满意 or 不满意 first, then optional stars and a comment (needed for 不满意: the
    workflow says so). Stars alone, as the page asked before, still count as a rating."""

    satisfied = forms.TypedChoiceField(
        choices=[("true", gettext_lazy("Satisfied")), ("false", gettext_lazy("Not satisfied"))],
        coerce=lambda value: value == "true", empty_value=None, required=False)
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, empty_value=None,
        required=False, error_messages={"invalid_choice": gettext_lazy("Give 1 to 5 stars.")})
    comment = forms.CharField(required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("satisfied") is None and data.get("rating") is None \
                and "rating" not in self.errors:
            self.add_error("satisfied", gettext_lazy("Tell us whether you are satisfied with "
                                                     "how it was handled."))
        return data


class DuplicateQuery(forms.Form):
    subcategory = SubcategoryField(Subcategory.objects.all(), to_field_name="code")
    lat = forms.FloatField(min_value=-90, max_value=90)
    lon = forms.FloatField(min_value=-180, max_value=180)
