import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applicationKeys, useNotifications } from '../../api/application-queries';
import type { NotificationItem } from '../../api/application-types';
import { api } from '../../api/client';
import { formatTime, useLocalized } from './application-parts';
import { serverNow } from '../../clock';

/** The bell in the header: the number unread, the latest notifications, mark read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const localized = useLocalized();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const notifications = useNotifications();
  const [shownAt, setShownAt] = useState(() => serverNow().toISOString());

  const refresh = () => void queryClient.invalidateQueries({ queryKey: applicationKeys.notifications });
  const markRead = useMutation({ mutationFn: (id: string) => api.post(`/notifications/${id}/read`), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => api.post('/notifications/read-all', { before: shownAt }), onSuccess: refresh });

  const openItem = (item: NotificationItem) => {
    if (!item.read) markRead.mutate(item.id);
    setOpen(false);
    if (item.link) void navigate(item.link);
  };
  const unread = notifications.data?.unreadCount ?? 0;

  return (
    <Popover
      open={open}
      onOpenChange={(value) => {
        setOpen(value);
        if (value) {
          setShownAt(serverNow().toISOString());
          refresh();
        }
      }}
      trigger="click"
      placement="bottomRight"
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>{t('notifications.title')}</span>
          {unread ? (
            <Button type="link" size="small" onClick={() => markAll.mutate()} loading={markAll.isPending}>
              {t('notifications.markAllRead')}
            </Button>
          ) : null}
        </Space>
      }
      content={
        <div style={{ width: 360, maxHeight: 420, overflowY: 'auto' }} data-testid="notification-list">
          {notifications.data?.items.length ? (
            <List
              size="small"
              dataSource={notifications.data.items}
              renderItem={(item) => (
                <List.Item onClick={() => openItem(item)} style={{ cursor: 'pointer', background: item.read ? undefined : '#f0f5ff', paddingInline: 8 }}>
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Typography.Text strong={!item.read}>{localized(item.title)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localized(item.body)}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                      {formatTime(item.createdAt)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
          )}
        </div>
      }
    >
      <Button type="text" aria-label={unread ? t('notifications.unread', { count: unread }) : t('notifications.title')} data-testid="notification-bell">
        <Badge count={unread} size="small" offset={[4, -2]}>
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
