// sample response from camb.ai kept for the mock server
module.exports = {
  task_id: 'af42388c-7968-4228-82fc-fb39d08797af',
  run_id: 123456,
  status: 'SUCCESS',
  request_id: '7542e6b1-c16c-4c33-ad32-f682058776fc',
};
