"""F20: the name a department's cheques are drawn in (issue 9 item 23).

A blank column first (safe against the code already running, which does not
know it); existing demo departments get the demo payee names, so that an
existing demo database shows them without reloading the demo.
"""
from django.db import migrations, models

# emitra.catalogue.demo.PAYEES as it was when this migration was written (a migration
# must not import code that may change after it)
DEMO_PAYEES = {
    "JVVNL": "Jaipur Vidyut Vitran Nigam Ltd.",
    "AVVNL": "Ajmer Vidyut Vitran Nigam Ltd.",
    "JDVVNL": "Jodhpur Vidyut Vitran Nigam Ltd.",
    "PHED": "Executive Engineer, PHED Rajasthan",
    "BSNL": "Bharat Sanchar Nigam Ltd.",
    "REVENUE": "Revenue Department, Government of Rajasthan",
    "DES": "Directorate of Economics and Statistics, Rajasthan",
    "FOOD": "Food and Civil Supplies Department, Rajasthan",
    "PLANNING": "Planning Department, Government of Rajasthan",
    "SJED": "Social Justice and Empowerment Department, Rajasthan",
    "TRANSPORT": "Transport Department, Government of Rajasthan",
    "POLICE": "Rajasthan Police",
    "LSG": "Local Self Government Department, Rajasthan",
    "LABOUR": "Rajasthan Building and Other Construction Workers Welfare Board",
    "BSER": "Secretary, Board of Secondary Education Rajasthan",
    "RPSC": "Secretary, Rajasthan Public Service Commission",
    "RSSB": "Rajasthan Staff Selection Board",
    "IGRS": "Inspector General of Registration and Stamps, Rajasthan",
    "HEALTH": "Rajasthan State Health Assurance Agency",
    "AGRICULTURE": "Agriculture Department, Government of Rajasthan",
    "LIC": "Life Insurance Corporation of India",
    "RSGL": "Rajasthan State Gas Ltd.",
}


def fill_demo_payees(apps, schema_editor):
    Department = apps.get_model("catalogue", "Department")
    for code, payee in DEMO_PAYEES.items():
        Department.objects.filter(code=code, payee_name="").update(payee_name=payee)


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0002_tehsils'),
    ]

    operations = [
        migrations.AddField(
            model_name='department',
            name='payee_name',
            field=models.CharField(blank=True, help_text="The name a cheque for this department's services must be drawn in, as its bank account holds it. Blank: the department's name in English.", max_length=150, verbose_name='cheques payable to'),
        ),
        migrations.RunPython(fill_demo_payees, migrations.RunPython.noop),
    ]
