from django.urls import path

from emitra.helpdesk import views

app_name = "helpdesk"
urlpatterns = [
    path("tickets/", views.mine, name="mine"),
    path("tickets/new/", views.new, name="new"),
    path("tickets/<ticket:number>/", views.ticket, name="ticket"),
    path("tickets/<ticket:number>/move/", views.move, name="move"),
    path("tickets/<ticket:number>/attachment/", views.attachment, name="attachment"),
    path("lsp/tickets/", views.lsp_tickets, name="lsp_tickets"),
    path("doit/tickets/", views.doit_tickets, name="doit_tickets"),
    # public, no sign-in: from the receipt check a QR opens (payments:verify)
    path("v/<token:token>/overcharged/", views.overcharged, name="overcharged"),
]
