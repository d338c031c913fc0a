"""Payments' pages (issue 4 req. 5-10; issue 5; F14, F15, F20, F22-F24, F29), one module per
counter (issue 14 req. 3):

- cart: the kiosk sells: add a bill or a certificate, the cart, confirm-and-pay;
- receipts: the kiosk's receipts, one receipt, its cancellation;
- paper: the receipt printed (A4/A5, PDF, dot-matrix, ESC/P) and its public QR check;
- department: the department's collections and cheque decisions;
- doit: deliveries to departments refused or given up, for DoIT.

Access is `emitra.accounts.access.kiosk_for` for a kiosk's page and `receipt_for`
(emitra.payments.views.access) for a receipt's: the one way each page finds what it
shows, or 404. Every page works without JavaScript. Views parse, call one service,
redirect after POST.
"""
