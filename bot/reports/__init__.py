"""Result files: the PDF report, its charts, the workbook, and the CSV and JSON tables."""
