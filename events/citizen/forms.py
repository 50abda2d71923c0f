"""Forms of the citizen pages besides the report (events/intake/forms.py): the rating and the
duplicate lookup."""

from django import forms
from django.utils.translation import gettext_lazy

from events.intake.forms import SubcategoryField
from taxonomy.models import Subcategory


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int,
        error_messages={"required": gettext_lazy("Give 1 to 5 stars.")})
    comment = forms.CharField(required=False, max_length=500)


class DuplicateQuery(forms.Form):
    subcategory = SubcategoryField(Subcategory.objects.all(), to_field_name="code")
    lat = forms.FloatField(min_value=-90, max_value=90)
    lon = forms.FloatField(min_value=-180, max_value=180)
