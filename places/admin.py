"""The register in the admin: addresses listed, searched and filtered by street and community,
each with its point on a map and its house, buildings and units inline."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from common.context_processors import site
from places.models import Address, Building, House, Unit


class HouseInline(admin.StackedInline):
    model = House
    extra = 0


class BuildingInline(admin.TabularInline):
    model = Building
    extra = 0
    exclude = ["footprint"]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "grid_code"]
    list_filter = ["street", "community"]
    search_fields = ["code", "search", "road", "estate"]
    readonly_fields = ["grid_code", "point_map"]
    inlines = [HouseInline, BuildingInline, UnitInline]
    show_full_result_count = False  # a city's register has millions of rows

    @admin.display(description=_("map"))
    def point_map(self, address):
        if address.pk is None:
            return "-"
        point = {"type": "Point", "coordinates": [address.lon, address.lat]}
        return render_to_string("grids/region_map.html", {"geometry": point, **site(None)})

    def get_search_results(self, request, queryset, search_term):
        # Staff search the way callers write: 祖庙路十二号三座 finds 祖庙路12号3栋.
        from places.text import normalise

        return super().get_search_results(request, queryset, normalise(search_term) or
                                          search_term)


@admin.register(House)
class HouseAdmin(admin.ModelAdmin):
    list_display = ["address", "use", "is_rented", "registered_residents",
                    "floating_residents"]
    list_filter = ["use", "is_rented"]
    search_fields = ["address__code", "address__search"]
    raw_id_fields = ["address"]
    list_select_related = ["address"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "address"]
    list_filter = ["kind"]
    search_fields = ["name", "address__code", "address__search"]
    raw_id_fields = ["address"]
    list_select_related = ["address"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "floors", "address"]
    search_fields = ["code", "name", "address__search"]
    raw_id_fields = ["address"]
    list_select_related = ["address"]
