@echo off
rem camb.ai task ids to re-download
set TASK1=94615e82-b40b-4914-a34d-fa4e7864a4ef
set TASK2=674ad4d6-7fef-4360-93c4-fa4ef912e1b7
python fetch.py %TASK1% %TASK2%
