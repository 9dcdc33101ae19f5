import { Spin } from 'antd';

export function FullPageSpin() {
  return (
    <div className="full-page-center" role="status" aria-busy="true">
      <Spin size="large" />
    </div>
  );
}

export function PageSpin() {
  return (
    <div style={{ padding: '96px 0', textAlign: 'center' }} role="status" aria-busy="true">
      <Spin size="large" />
    </div>
  );
}
