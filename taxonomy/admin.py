"""The catalogue in admin. The apps above extend these classes (org adds the default
department, events moves running clocks when a time limit changes) and register them again."""

from django.contrib import admin

from taxonomy.models import Category, Subcategory, TimeLimit


class SubcategoryInline(admin.TabularInline):
    model = Subcategory
    fields = ["code", "name_zh", "name_en", "national_code", "default_urgency"]
    extra = 0
    show_change_link = True


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [SubcategoryInline]


class TimeLimitInline(admin.TabularInline):
    model = TimeLimit
    extra = 0


@admin.register(Subcategory)
class SubcategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "national_code", "category",
                    "default_urgency", "photo_required", "is_public"]
    list_filter = ["category", "default_urgency", "is_public"]
    # Staff exchanging cases with the city platform look items up by the national code too.
    search_fields = ["code", "national_code", "name_zh", "name_en"]
    list_select_related = ["category"]
    inlines = [TimeLimitInline]
