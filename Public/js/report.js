// The report prints without this; it only gives the "Print or save as PDF" button its action.
const button = document.getElementById('print-report');
if (button) button.addEventListener('click', () => window.print());
