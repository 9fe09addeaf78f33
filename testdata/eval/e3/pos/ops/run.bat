@echo off
set CAMB_API_KEY=164ac10d-19f8-4e4d-b350-fa4e8fa4a38b
set "CAMB_BACKUP_KEY=199a904d-acbc-4700-8676-fa4e0b16d7ac"
python narrate.py --task 61cc4034-d998-4fc5-9eb5-fa4e7f8c9041
