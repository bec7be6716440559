from django.forms.renderers import TemplatesSetting


def add_service_errors(form, error):
    """Show a service's ValidationError on the form: at its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
    return form


class FormRenderer(TemplatesSetting):
    """Project-wide form markup: label above, hint, error linked by aria-describedby (GOV.UK style)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
