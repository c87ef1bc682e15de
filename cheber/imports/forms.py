from django import forms
from django.utils.translation import gettext_lazy as _

from cheber.imports.columns import ENTITIES
from cheber.imports.reading import MAX_FILE_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("At most %(size)s MB. The first row of each sheet holds the column names.")
        % {"size": MAX_FILE_BYTES // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it.")
                % {"size": round(upload.size / 2**20, 1), "limit": MAX_FILE_BYTES // 2**20}
            )
        return upload


class MappingForm(forms.Form):
    """Which entity a sheet holds and which column is which, for one sheet of the preview."""

    def __init__(self, *args, layout: dict, prefix: str, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.layout = layout
        self.fields["entity"] = forms.ChoiceField(
            label=_("This sheet holds"),
            choices=[("", _("nothing to import"))] + [(e.key, e.label) for e in ENTITIES],
            initial=layout["entity"],
            required=False,
        )
        self.fields["header_row"] = forms.IntegerField(
            label=_("Row of the column names"), min_value=1, max_value=10,
            initial=layout["header_row"] or 1,
        )  # fmt: skip
        columns = [("", _("— not imported —"))]
        for entity in ENTITIES:
            group = [(f"{entity.key}:{c.key}", c.label) for c in entity.columns]
            columns.append((entity.label, group))
        for index, header in enumerate(layout["headers"]):
            key = layout["columns"].get(str(index), "")
            self.fields[f"c{index}"] = forms.ChoiceField(
                label=header or _("(no header)"), choices=columns, required=False,
                initial=f"{layout['entity']}:{key}" if key else "",
            )  # fmt: skip

    def chosen(self) -> dict:
        data = self.cleaned_data
        entity = data["entity"]
        columns = {}
        for name, value in data.items():
            if name.startswith("c") and value and value.split(":", 1)[0] == entity:
                columns[name[1:]] = value.split(":", 1)[1]
        return {"entity": entity, "header_row": data["header_row"], "columns": columns}
